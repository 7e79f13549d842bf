using LiveStyle.App.Display;
using LiveStyle.App.Settings;
using LiveStyle.Core;
using LiveStyle.Core.Models;
using LiveStyle.Core.Networks;
using LiveStyle.Core.Pipeline;
using LiveStyle.Core.Sources;
using LiveStyle.Core.Styling;

namespace LiveStyle.App.Live;

/// <summary>
/// `livestyle` with no command: opens the source and the window (or the headless loop) at once;
/// the networks, their models and style banks are prepared in the background by <see cref="LiveNetworks"/>,
/// the camera showing unstylized until the first network is ready.
/// </summary>
public static class LiveCommand
{
    /// <param name="settings">The remembered settings of this run (the window writes them back when it closes); null: none.</param>
    public static int Run(LiveOptions options, TextWriter errors, SettingsSession? settings = null)
    {
        var log = new LiveLog(errors);
        foreach (var message in settings?.Messages ?? []) log.Write(message);
        var store = ModelStore.Locate(options.Weights);
        var (openSource, sourceName, sourceFps) = SourceOpener(options, log);
        // Constructed in order: the networks (prepared only once the window is open), the controller
        // cycling through the current network's styles (none until the first is ready), the pipeline.
        var networks = new LiveNetworks(store, options.NetworkSettings, log.Write);
        var controller = new StyleController(() => networks.Styles, options.Alpha, options.CrossFade);
        var personMask = new PersonMaskLoading(store, options.Regions, log.Write);

        int exitCode;
        string? recordingFailure;
        var inferenceStopped = false;
        try
        {
            using (var pipeline = new LivePipeline(openSource, sourceName, null, controller, options.SizeFor(options.StartNetwork), log.Write))
            {
                pipeline.Inference.Temporal = options.Temporal;
                pipeline.Inference.Upscale = options.Upscale;
                // Once the first network's styles are known: the remembered style is chosen, and the person mask starts loading.
                var inference = pipeline.Inference;
                networks.Ready = () =>
                {
                    personMask.Start(inference);
                    if (settings?.Remembered.Style is { } remembered && networks.Styles.ToList().FindIndex(s => s.Name == remembered) is >= 0 and var index)
                        controller.Jump(index);
                };
                var outputs = new LiveOutputs(options, log, sourceFps, pipeline.Stylized);
                try
                {
                    pipeline.Start();
                    exitCode = options.Headless
                        ? HeadlessRunner.Run(pipeline, networks, options, log, outputs)
                        : RunWindow(pipeline, networks, options, log, outputs, settings,
                            () => networks.Styles is { Count: > 0 } current ? current[controller.Index % current.Count].Name : null);
                }
                finally
                {
                    outputs.Dispose();
                }
                recordingFailure = outputs.RecordingFailure;
                pipeline.Inference.Stop();
                inferenceStopped = pipeline.Inference.Stopped;
            }
        }
        finally
        {
            // After the pipeline: the inference thread no longer uses any network.
            networks.Dispose();
            // The mask only once the inference thread is gone (it may still hold a frame if it did not stop).
            if (inferenceStopped) personMask.Dispose();
        }
        if (networks.Failure is { } failure) throw failure;
        if (recordingFailure is not null) throw new LiveStyleException($"recording failed: {recordingFailure}");
        return exitCode;
    }

    private static int RunWindow(LivePipeline pipeline, LiveNetworks networks, LiveOptions options, LiveLog log, LiveOutputs outputs,
        SettingsSession? settings, Func<string?> currentStyle)
    {
        try
        {
            var runner = new WindowRunner(pipeline, networks, options, log, outputs);
            var code = runner.Run();
            // The network in use at the end is remembered when it is not the one this start chose.
            var switched = networks.Current is { } current && current.Kind != options.StartNetwork ? StyleNetworkChoice.Name(current.Kind) : null;
            settings?.Save(currentStyle(), pipeline.Styles.Alpha, runner.Modes, outputs.IsVirtualCameraOn, log.Write, switched);
            return code;
        }
        catch (GlfwException e)
        {
            throw new LiveStyleException($"cannot open a window: {e.Message}");
        }
    }

    /// <summary>
    /// Opens the first source now (so a bad --source fails at once with its own message) and
    /// returns a factory that hands it out first and re-opens the same kind after a loss.
    /// </summary>
    private static (Func<IFrameSource> Open, string Name, double Fps) SourceOpener(LiveOptions options, LiveLog log)
    {
        var (w, h) = options.CameraSize is { } size ? ((int?)size.Width, (int?)size.Height) : (null, null);
        var spec = options.Source is null ? null : ParseSource(options.Source);
        IFrameSource? first = spec is null
            ? SourceSelection.OpenDefault(log.Write, w, h, options.CameraFps)
            : spec.Open(w, h, options.CameraFps);
        var reopen = spec ?? (first is TestPatternSource ? SourceSpec.Pattern : SourceSpec.DefaultCamera);
        log.Write($"source: {first.Name}");
        var (name, fps) = (first.Name, first.FramesPerSecond > 0 ? first.FramesPerSecond : 30);
        return (() =>
        {
            if (Interlocked.Exchange(ref first, null) is { } initial) return initial;
            return reopen.Open(w, h, options.CameraFps);
        }, name, fps);
    }

    private static SourceSpec ParseSource(string text)
    {
        try { return SourceSpec.Parse(text); }
        catch (LiveStyleException e) { throw new Cli.UsageException(e.Message); }
    }
}
