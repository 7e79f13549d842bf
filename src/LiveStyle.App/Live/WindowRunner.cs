using System.Diagnostics;
using System.Runtime.InteropServices;
using LiveStyle.App.Display;
using LiveStyle.App.Settings;
using LiveStyle.Core.Frames;
using LiveStyle.Core.Pipeline;
using LiveStyle.Core.Temporal;
using LiveStyle.Core.Networks.PersonMask;

namespace LiveStyle.App.Live;

/// <summary>
/// The UI thread: owns the window, turns keys into actions, shows the newest stylized frame and
/// the overlay. It never waits for inference: each loop takes whatever frame is newest, if any.
/// </summary>
public sealed class WindowRunner
{
    private static readonly TimeSpan OverlayRefresh = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan FrameWait = TimeSpan.FromMilliseconds(10);

    private readonly LivePipeline _pipeline;
    private readonly LiveOptions _options;
    private readonly LiveLog _log;
    private readonly LiveOutputs _outputs;
    private readonly LiveNetworks _networks;
    private readonly RateMeter _displayRate = new();
    private bool _showHelp;

    /// <summary>The view modes (split view, colour preservation, mirror) when the window closed, for the settings; the options' until then.</summary>
    public ViewModes Modes { get; private set; }
    private bool _redrawRequested = true;
    // Set by the signal handlers (another thread), read by the UI loop.
    private volatile bool _stopRequested;

    public WindowRunner(LivePipeline pipeline, LiveNetworks networks, LiveOptions options, LiveLog log, LiveOutputs outputs)
    {
        _outputs = outputs;
        _pipeline = pipeline;
        _options = options;
        Modes = new ViewModes(options.SplitView, options.PreserveColor, options.MirrorPreview);
        _log = log;
        _networks = networks;
    }

    public int Run()
    {
        using var window = new GlWindow("LiveStyle", _options.WindowSize.Width, _options.WindowSize.Height);
        using var renderer = new FrameRenderer(window.Gl) { SplitView = _options.SplitView, PreserveColor = _options.PreserveColor, Mirror = _options.MirrorPreview };
        using var overlay = new TextOverlay(window.Gl);
        if (_options.Fullscreen) window.ToggleFullscreen();
        _log.Write("window open");
        // The models are prepared only now, so a missing display fails at once, before minutes of building.
        _networks.Start(_pipeline.Inference);
        window.KeyPressed += key => HandleReportingFailures(key, window, renderer);
        // SIGTERM and Ctrl+C in the terminal close the window like Esc, so outputs are finalized.
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => { context.Cancel = true; _stopRequested = true; });
        using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context => { context.Cancel = true; _stopRequested = true; });

        StylizedFrame? shown = null;
        var started = Stopwatch.GetTimestamp();
        long swaps = 0, framesShown = 0;
        var overlayUpdated = 0L;
        try
        {
            var lastSize = (Width: 0, Height: 0);
            while (!window.ShouldClose)
            {
                window.PollEvents();
                if (_stopRequested || _networks.Failure is not null || _options.Duration is { } duration && Stopwatch.GetElapsedTime(started) >= duration) break;

                // Wait briefly for a new frame instead of spinning: with software GL (or no vsync) a
                // spinning UI thread would take CPU from inference.
                var redraw = _redrawRequested;
                if (_pipeline.Stylized.Take(FrameWait) is { } newest)
                {
                    if (shown is not null) Release(shown);
                    shown = newest;
                    _outputs.Offer(shown);
                    Upload(renderer, shown);
                    framesShown++;
                    redraw = true;
                }
                if (Stopwatch.GetElapsedTime(overlayUpdated) >= OverlayRefresh)
                {
                    overlayUpdated = Stopwatch.GetTimestamp();
                    overlay.Text = _showHelp
                        ? HotkeyActions.Help
                        : LiveStatus.Describe(_pipeline, _displayRate.PerSecond, _log.Recent, _pipeline.Inference.Paused, _outputs.Describe())
                          + (_networks.Progress.Length > 0 ? $"\n{_networks.Progress}" : "")
                          + (renderer.HasFrame ? "" : "\nwaiting for the first frame...");
                    redraw = true;
                }
                var size = window.FramebufferSize;
                if (!redraw && size == lastSize) continue;

                lastSize = size;
                _redrawRequested = false;
                renderer.Draw(size.Width, size.Height);
                overlay.Draw(size.Width, size.Height);
                window.SwapBuffers();
                _displayRate.Tick();
                swaps++;
            }
            Modes = new ViewModes(renderer.SplitView, renderer.PreserveColor, renderer.Mirror,
                _pipeline.Inference.Regions is { UnavailableReason: null } regions ? regions.Mode : null);
            var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
            _log.Write($"window closed after {seconds:F1} s: display {swaps / seconds:F1} fps, {framesShown} stylized frames shown ({framesShown / seconds:F1} fps), " +
                $"last inference {_pipeline.Inference.LastInferenceMilliseconds:F0} ms");
        }
        catch (Exception e)
        {
            // Drawing failed (a lost GL context, a bad frame): the UI thread stops cleanly with the
            // reason, and the caller still finishes every output.
            _log.Write($"the window stopped: {e.GetType().Name}: {e.Message}");
            return 1;
        }
        finally
        {
            if (shown is not null) Release(shown);
        }
        return 0;
    }

    /// <summary>A hotkey whose action throws is reported; the window goes on.</summary>
    private void HandleReportingFailures(KeyEvent key, GlWindow window, FrameRenderer renderer)
    {
        try
        {
            Handle(HotkeyActions.For(key), key, window, renderer);
        }
        catch (Exception e)
        {
            _log.Write($"key {key.Key} failed: {e.GetType().Name}: {e.Message}");
        }
    }

    private void Release(StylizedFrame frame)
    {
        _outputs.Release(frame);
        _pipeline.Stylized.Return(frame);
    }

    private static unsafe void Upload(FrameRenderer renderer, StylizedFrame frame)
    {
        var stylized = frame.Stylized;
        var original = frame.Original;
        renderer.SetStylized(new ReadOnlySpan<byte>((void*)stylized.Data, stylized.Cols * stylized.Rows * 3), stylized.Cols, stylized.Rows, bgr: true);
        renderer.SetOriginal(new ReadOnlySpan<byte>((void*)original.Data, original.Cols * original.Rows * 3), original.Cols, original.Rows, bgr: true);
    }

    private void Handle(LiveAction action, KeyEvent key, GlWindow window, FrameRenderer renderer)
    {
        var styles = _pipeline.Styles;
        _redrawRequested = true;
        switch (action)
        {
            case LiveAction.NextStyle: styles.Next(); _log.Write($"style: {styles.Description}"); break;
            case LiveAction.PreviousStyle: styles.Previous(); _log.Write($"style: {styles.Description}"); break;
            case LiveAction.JumpToStyle: styles.Jump(key.Digit - 1); _log.Write($"style: {styles.Description}"); break;
            case LiveAction.AlphaUp: styles.AdjustAlpha(0.05f); break;
            case LiveAction.AlphaDown: styles.AdjustAlpha(-0.05f); break;
            case LiveAction.ToggleMix: styles.ToggleMix(); _log.Write($"style: {styles.Description}"); break;
            case LiveAction.MixWeightDown: styles.AdjustMixWeight(-0.1f); break;
            case LiveAction.MixWeightUp: styles.AdjustMixWeight(0.1f); break;
            case LiveAction.TogglePreserveColor: renderer.PreserveColor = !renderer.PreserveColor; _log.Write($"colour preservation {(renderer.PreserveColor ? "on" : "off")}"); break;
            case LiveAction.ToggleSplitView: renderer.SplitView = !renderer.SplitView; _log.Write($"split view {(renderer.SplitView ? "on" : "off")}"); break;
            case LiveAction.ToggleMirror: renderer.Mirror = !renderer.Mirror; _log.Write($"mirror {(renderer.Mirror ? "on" : "off")}"); break;
            case LiveAction.TogglePause: _pipeline.Inference.Paused = !_pipeline.Inference.Paused; _outputs.SetPaused(_pipeline.Inference.Paused); _log.Write(_pipeline.Inference.Paused ? "paused" : "running"); break;
            case LiveAction.ToggleFullscreen: window.ToggleFullscreen(); break;
            case LiveAction.ToggleHelp: _showHelp = !_showHelp; break;
            case LiveAction.Quit: window.ShouldClose = true; break;
            case LiveAction.ToggleRecording: _outputs.ToggleRecording(); break;
            case LiveAction.Snapshot: _outputs.Snapshot(); break;
            case LiveAction.ToggleVirtualCamera: _outputs.ToggleVirtualCamera(); break;
            case LiveAction.SwitchNetwork: _networks.SwitchToOther(); break;
            case LiveAction.CycleRegions:
                if (_pipeline.Inference.Regions is { UnavailableReason: null } regions)
                    _log.Write($"regions {regions.Cycle().Name()} stylized");
                else
                    _log.Write(_pipeline.Inference.Regions?.UnavailableReason ?? "the person mask is still loading");
                break;
            case LiveAction.ToggleTemporal:
                _pipeline.Inference.Temporal = _pipeline.Inference.Temporal == TemporalMode.On ? TemporalMode.Off : TemporalMode.On;
                _log.Write($"temporal stabilization {(_pipeline.Inference.Temporal == TemporalMode.On ? "on" : "off")}");
                break;
        }
    }
}
