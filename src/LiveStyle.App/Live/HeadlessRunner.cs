using System.Diagnostics;
using System.Runtime.InteropServices;
using LiveStyle.Core.Pipeline;

namespace LiveStyle.App.Live;

/// <summary>
/// The live pipeline without a window: consumes stylized frames (for the sinks), prints the
/// status every few seconds, and stops after --duration, on Ctrl+C or on SIGTERM.
/// </summary>
public static class HeadlessRunner
{
    private static readonly TimeSpan StatusInterval = TimeSpan.FromSeconds(2);

    public static int Run(LivePipeline pipeline, LiveNetworks networks, LiveOptions options, LiveLog log, LiveOutputs outputs)
    {
        networks.Start(pipeline.Inference);
        using var stop = new ManualResetEventSlim();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; stop.Set(); };
        Console.CancelKeyPress += onCancel;
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; stop.Set(); });
        try
        {
            var started = Stopwatch.GetTimestamp();
            var lastStatus = started;
            long frames = 0;
            while (!stop.IsSet && networks.Failure is null)
            {
                if (options.Duration is { } duration && Stopwatch.GetElapsedTime(started) >= duration) break;
                var frame = pipeline.Stylized.Take(TimeSpan.FromMilliseconds(50));
                if (frame is not null)
                {
                    if (!frame.Passthrough) frames++;
                    outputs.Offer(frame);
                    outputs.Release(frame);
                    pipeline.Stylized.Return(frame);
                }
                if (Stopwatch.GetElapsedTime(lastStatus) >= StatusInterval)
                {
                    lastStatus = Stopwatch.GetTimestamp();
                    log.Write(LiveStatus.Describe(pipeline, -1, networks.Progress, pipeline.Inference.Paused, outputs.Describe()).Replace('\n', '|'));
                }
            }
            log.Write($"stopped after {Stopwatch.GetElapsedTime(started).TotalSeconds:F1} s: {frames} frames stylized, {pipeline.Captured.Dropped} captured frames dropped");
            return 0;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}
