using LiveStyle.App.Display;
using LiveStyle.Core;
using LiveStyle.Core.Inference;
using LiveStyle.Core.Models;
using LiveStyle.Core.Pipeline;
using LiveStyle.Core.Sources;
using LiveStyle.Core.Styling;

namespace LiveStyle.App.Live;

/// <summary>
/// `livestyle` with no command: opens the source and the window (or the headless loop) at once;
/// the models and the style bank are prepared in the background by <see cref="LiveStartup"/>,
/// the camera showing unstylized until the first stylizer is ready.
/// </summary>
public static class LiveCommand
{
    public static int Run(LiveOptions options, TextWriter errors)
    {
        var log = new LiveLog(errors);
        var store = ModelStore.Locate(options.Weights);
        var stylizers = new HotSwap<Stylizer>();
        using var startup = new LiveStartup(options, store, stylizers, log);
        var controller = new StyleController(() => startup.Styles, options.Alpha, options.CrossFade);
        var (openSource, sourceName, sourceFps) = SourceOpener(options, log);

        int exitCode;
        string? recordingFailure;
        using (var pipeline = new LivePipeline(openSource, sourceName, stylizers, controller, options.Size, log.Write))
        {
            var outputs = new LiveOutputs(options, log, sourceFps);
            try
            {
                pipeline.Start();
                exitCode = options.Headless
                    ? HeadlessRunner.Run(pipeline, startup, options, log, outputs)
                    : RunWindow(pipeline, startup, options, log, outputs);
            }
            finally
            {
                outputs.Dispose();
            }
            recordingFailure = outputs.RecordingFailure;
        }
        if (startup.Failure is { } failure) throw failure;
        if (recordingFailure is not null) throw new LiveStyleException($"recording failed: {recordingFailure}");
        return exitCode;
    }

    private static int RunWindow(LivePipeline pipeline, LiveStartup startup, LiveOptions options, LiveLog log, LiveOutputs outputs)
    {
        try
        {
            return new WindowRunner(pipeline, startup, options, log, outputs).Run();
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
