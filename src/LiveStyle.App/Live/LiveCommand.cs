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
/// `livestyle` with no command: builds the models if needed, loads the style bank, opens the
/// source (camera 0, else the test pattern) and runs the live pipeline in a window or headless.
/// </summary>
public static class LiveCommand
{
    /// <param name="settings">The remembered settings of this run (the window writes them back when it closes); null: none.</param>
    public static int Run(LiveOptions options, TextWriter errors, SettingsSession? settings = null)
    {
        var log = new LiveLog(errors);
        foreach (var message in settings?.Messages ?? []) log.Write(message);
        var store = ModelStore.Locate(options.Weights);
        using var networks = new LiveNetworks(store, options, log);
        var network = networks.Current;
        log.Write($"{networks.Styles.Count} styles from {options.Styles}; network: {StyleNetworks.Summary(network)} at --size {networks.CurrentSize}, {network.Description}");

        var controller = new StyleController(() => networks.Styles, options.Alpha, options.CrossFade);
        if (settings?.Remembered.Style is { } remembered && networks.Styles.ToList().FindIndex(s => s.Name == remembered) is >= 0 and var index)
            controller.Jump(index);
        var (openSource, sourceName, sourceFps) = SourceOpener(options, log);
        using var pipeline = new LivePipeline(openSource, sourceName, network, controller, networks.CurrentSize, log.Write);
        networks.Attach(pipeline.Inference);
        using var outputs = new LiveOutputs(options, log, sourceFps);
        pipeline.Start();
        return options.Headless
            ? HeadlessRunner.Run(pipeline, options, log, outputs)
            : RunWindow(pipeline, options, log, outputs, networks, settings,
                () => networks.Styles is { Count: > 0 } styles ? styles[controller.Index % styles.Count].Name : null);
    }

    private static int RunWindow(LivePipeline pipeline, LiveOptions options, LiveLog log, LiveOutputs outputs, LiveNetworks networks,
        SettingsSession? settings, Func<string?> currentStyle)
    {
        try
        {
            var startNetwork = networks.Current.Kind;
            var runner = new WindowRunner(pipeline, options, log, outputs, networks);
            var code = runner.Run();
            var switched = networks.Current.Kind != startNetwork ? StyleNetworkChoice.Name(networks.Current.Kind) : null;
            settings?.Save(currentStyle(), pipeline.Styles.Alpha, runner.SplitView, runner.PreserveColor, outputs.IsVirtualCameraOn, log.Write, switched);
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
