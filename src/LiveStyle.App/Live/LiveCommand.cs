using LiveStyle.App.Display;
using LiveStyle.Core;
using LiveStyle.Core.Inference;
using LiveStyle.Core.Models;
using LiveStyle.Core.Pipeline;
using LiveStyle.Core.Sources;
using LiveStyle.Core.Styling;

namespace LiveStyle.App.Live;

/// <summary>
/// `livestyle` with no command: builds the models if needed, loads the style bank, opens the
/// source (camera 0, else the test pattern) and runs the live pipeline in a window or headless.
/// </summary>
public static class LiveCommand
{
    private static readonly TimeSpan StyleRescanInterval = TimeSpan.FromSeconds(2);

    public static int Run(LiveOptions options, TextWriter errors)
    {
        var log = new LiveLog(errors);
        var store = ModelStore.Locate(options.Weights);
        var styleEncoderPath = store.GetOrBuild(ModelKind.StyleEncoder, log.Write);
        using var styleEncoder = new StyleEncoder(styleEncoderPath, options.Device, log.Write);
        var model = StylizerModel.Locate(store, options.Precision, options.Device, options.Calibration, log.Write);
        using var stylizer = new Stylizer(model.Path, options.Device);

        var cache = new StyleStatisticsCache(Path.Combine(store.ModelsDirectory, "cache", "styles"), Path.GetFileNameWithoutExtension(styleEncoderPath), options.StyleSize);
        var bank = new StyleBank(options.Styles, styleEncoder, cache, options.StyleSize, log.Write);
        bank.Refresh();
        if (bank.Styles.Count == 0)
            throw new LiveStyleException($"no usable style images in {options.Styles}: add PNG or JPEG paintings there, or give --styles DIR");
        log.Write($"{bank.Styles.Count} styles from {options.Styles}; inference on {stylizer.DeviceName} at --size {options.Size}, {model.Description}");
        using var watcher = new StyleBankWatcher(bank, StyleRescanInterval, log.Write);

        var controller = new StyleController(() => bank.Styles, options.Alpha, options.CrossFade);
        var (openSource, sourceName, sourceFps) = SourceOpener(options, log);
        using var pipeline = new LivePipeline(openSource, sourceName, stylizer, controller, options.Size, log.Write);
        pipeline.Inference.Temporal = options.Temporal;
        using var outputs = new LiveOutputs(options, log, sourceFps);
        pipeline.Start();
        var inference = $"{stylizer.DeviceName} {PrecisionChoice.Name(model.Precision)}";
        return options.Headless
            ? HeadlessRunner.Run(pipeline, options, log, outputs, inference)
            : RunWindow(pipeline, options, log, outputs, inference);
    }

    private static int RunWindow(LivePipeline pipeline, LiveOptions options, LiveLog log, LiveOutputs outputs, string deviceName)
    {
        try
        {
            return new WindowRunner(pipeline, options, log, outputs, deviceName).Run();
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
