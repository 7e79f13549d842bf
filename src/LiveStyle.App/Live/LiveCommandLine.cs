using System.CommandLine;
using System.CommandLine.Parsing;
using LiveStyle.App.Cli;
using LiveStyle.App.Settings;
using LiveStyle.Core;
using LiveStyle.Core.Pipeline;
using LiveStyle.Core.Sinks.Recording;
using LiveStyle.Core.Sinks.VirtualCamera;
using LiveStyle.Core.Sources;

namespace LiveStyle.App.Live;

/// <summary>
/// The live view's options (`livestyle [options]`, `livestyle live [options]`), each defined once,
/// and how a parse of them becomes <see cref="LiveOptions"/>.
/// </summary>
public sealed class LiveCommandLine
{
    public const string Description = """
        The live view: your camera (or the test pattern), stylized, in a window.
        Keys: ←/→ or B/N style, 1–9 jump to style, +/− alpha, M mix two styles, [ ] mix weight, G network,
        C colour preservation, S split view, X mirror, Space pause, F fullscreen, H help, Esc/Q quit,
        R record on/off, V virtual camera on/off, P snapshot, T temporal stabilization on/off.
        """;

    private readonly List<Option> _all = [];
    private readonly CalibrationOptionSet _calibration = new();

    public LiveCommandLine()
    {
        Source = Add(CliOption.Value<string?>("source", "S",
            "camera, camera:N, camera:/dev/videoN, camera:NAME (part of the name `livestyle devices` shows), pattern, image:FILE, " +
            "video:FILE or a file path (default: camera 0, else the test pattern)", ValidSource));
        CameraSize = Add(CliOption.Value<PixelSize?>("camera-size", "WxH", "ask the camera for this size (e.g. 1280x720)",
            text => ValueParsers.Pair("camera-size", text)));
        Fps = Add(CliOption.OptionalFloat("fps", "N", "ask the camera for this frame rate", 1f, 240f));
        Styles = Add(CliOption.Value("styles", "DIR",
            "folder of style images (default: the shipped styles, see livestyle --paths); new files join while running",
            text => text, () => LiveStylePaths.StylesDirectory));
        StyleSize = Add(CliOption.Int("style-size", "N", "style images are scaled to this shorter side for their statistics", 512, 64, 2048));
        Size = Add(CliOption.Value<InferenceSize?>("size", "N|WxH",
            "inference size: shorter side N or exactly WxH (default: 360 on the fast network, 256 on adain)", text => InferenceSize.Parse(text)));
        Network = Add(SharedOptions.Network("adain or fast (default: fast when the stylizer runs on the CPU, adain on DirectML)"));
        Alpha = Add(SharedOptions.Alpha());
        CrossFade = Add(CliOption.Float("crossfade", "S", "seconds to blend between styles", 0.5f, 0f, 10f));
        Device = Add(SharedOptions.Device());
        Precision = Add(SharedOptions.Precision());
        foreach (var option in _calibration.All) Add(option);
        Weights = Add(SharedOptions.Weights());
        Headless = Add(CliOption.Flag("headless", "no window: run the pipeline and print its status"));
        Duration = Add(CliOption.OptionalFloat("duration", "S", "stop after S seconds", 0f, 1e6f));
        Window = Add(CliOption.Size("window", "window size", new PixelSize(960, 540)));
        Fullscreen = Add(CliOption.Flag("fullscreen", "start fullscreen"));
        Split = Add(CliOption.Flag("split", "start in split view (original | stylized)"));
        PreserveColor = Add(SharedOptions.PreserveColor("start with colour preservation on"));
        Record = Add(CliOption.Text("record", "FILE", "record the stylized view from the start (.mkv FFV1, .mp4 mp4v, .avi MJPG)"));
        Codec = Add(CliOption.Value("codec", "C", "mp4v, mjpg, ffv1 or h264 (h264 needs the ffmpeg program; auto: by the file's extension)",
            RecordingFormat.ParseCodec, () => VideoCodec.Auto, "auto", "mp4v", "mjpg", "ffv1", "h264"));
        RecordFps = Add(CliOption.OptionalFloat("record-fps", "N", "the recording's frame rate (default: the source's)", 1f, 240f));
        Recordings = Add(CliOption.Value("recordings", "DIR", "where R saves recordings (see livestyle --paths)",
            text => text, () => LiveStylePaths.RecordingsDirectory));
        Snapshots = Add(CliOption.Value("snapshots", "DIR", "where P saves snapshots", text => text, () => LiveStylePaths.SnapshotsDirectory));
        VirtualCamera = Add(CliOption.OptionalValue("virtual-camera", "DEV",
            "send the stylized view to a virtual camera (Linux: a v4l2loopback device, found automatically when DEV is not given; " +
            "Windows: OBS's virtual camera)"));
        VirtualCameraSize = Add(CliOption.Size("virtual-camera-size", "the virtual camera's fixed size",
            new PixelSize(VirtualCameraSettings.DefaultSize.Width, VirtualCameraSettings.DefaultSize.Height)));
        VirtualCameraFit = Add(CliOption.Value("virtual-camera-fit", "F",
            "crop (fill, cutting the edges) or letterbox (black bars); never stretched", ParseFit, () => FitMode.Crop, "crop", "letterbox"));
        VirtualCameraFps = Add(CliOption.Float("virtual-camera-fps", "N", "the rate it sends frames at, whatever the inference rate",
            (float)VirtualCameraSettings.DefaultFramesPerSecond, 1f, 120f));
        Mirror = Add(CliOption.Flag("mirror", "mirror the preview window (the way you see yourself in a mirror)"));
        MirrorOutput = Add(CliOption.Flag("mirror-output", "mirror what the virtual camera sends (meeting apps mirror only your self-view)"));
        Stream = Add(CliOption.Value<int?>("stream", "PORT", "serve the stylized view as MJPEG over HTTP on 127.0.0.1:PORT (0: any free port)",
            text => ValueParsers.Int("stream", text, 0, 65535)));
        StreamFps = Add(CliOption.OptionalFloat("stream-fps", "N",
            "send the stream at this steady rate, repeating the newest frame between inferences (for OBS and recorders; default: each new frame once)", 1f, 120f));
        Add(CliOption.Flag(SettingsSession.ResetOption[2..],
            "forget the remembered settings (camera, style, strength, size, modes, outputs) kept in settings.json in the config " +
            "folder (livestyle --paths); options given on the command line always win over remembered ones"));
        Temporal = Add(SharedOptions.Temporal("stabilize the stylized frames over time, no shimmer (off: each frame as it comes)"));
        Upscale = Add(CliOption.Value("upscale", "joint-bilateral|guided|bilinear|full",
            $"sizes with a shorter side above {Core.Pipeline.Upscaling.LargestStylizedSide} are stylized at half the size and brought up led by the frame " +
            "(joint-bilateral, guided) or bilinearly; full: stylized at the size itself (slower)",
            Core.Pipeline.Upscaling.Parse, () => Core.Pipeline.UpscaleMode.JointBilateral, "joint-bilateral", "guided", "bilinear", "full"));
        Regions = Add(CliOption.Value("regions", "all|background|person",
            "which regions are stylized, the others show the camera (key K cycles; needs sinet/SINet.pth in the weights folder)",
            Core.Networks.PersonMask.RegionComposer.Parse, () => Core.Networks.PersonMask.StylizedRegions.All));
    }

    private Option<string?> Source { get; }
    private Option<PixelSize?> CameraSize { get; }
    private Option<float?> Fps { get; }
    private Option<string> Styles { get; }
    private Option<int> StyleSize { get; }
    private Option<InferenceSize?> Size { get; }
    private Option<Core.Networks.StyleNetworkKind?> Network { get; }
    private Option<float> Alpha { get; }
    private Option<float> CrossFade { get; }
    private Option<Core.Inference.ExecutionDevice> Device { get; }
    private Option<Core.Inference.Precision> Precision { get; }
    private Option<string?> Weights { get; }
    private Option<bool> Headless { get; }
    private Option<float?> Duration { get; }
    private Option<PixelSize> Window { get; }
    private Option<bool> Fullscreen { get; }
    private Option<bool> Split { get; }
    private Option<bool> PreserveColor { get; }
    private Option<string?> Record { get; }
    private Option<VideoCodec> Codec { get; }
    private Option<float?> RecordFps { get; }
    private Option<string> Recordings { get; }
    private Option<string> Snapshots { get; }
    private Option<string?> VirtualCamera { get; }
    private Option<PixelSize> VirtualCameraSize { get; }
    private Option<FitMode> VirtualCameraFit { get; }
    private Option<float> VirtualCameraFps { get; }
    private Option<bool> Mirror { get; }
    private Option<bool> MirrorOutput { get; }
    private Option<int?> Stream { get; }
    private Option<float?> StreamFps { get; }
    private Option<Core.Temporal.TemporalMode> Temporal { get; }
    private Option<Core.Pipeline.UpscaleMode> Upscale { get; }
    private Option<Core.Networks.PersonMask.StylizedRegions> Regions { get; }

    /// <summary>Every option, in the order the help lists them.</summary>
    public IReadOnlyList<Option> All => _all;

    /// <summary>Gives <paramref name="command"/> these options and the live view as its action.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in _all) command.Options.Add(option);
        command.SetAction(Run);
    }

    /// <summary>Parses <paramref name="args"/> (the live view's options alone); a wrong command line is a <see cref="UsageException"/>.</summary>
    public ParseResult Parse(IReadOnlyList<string> args)
    {
        var command = new Command("live");
        foreach (var option in _all) command.Options.Add(option);
        var result = command.Parse(args, ParsingRules.Configuration);
        UsageErrors.ThrowIfAny(result);
        return result;
    }

    public LiveOptions Read(ParseResult result)
    {
        var size = result.GetValue(VirtualCameraSize);
        return new LiveOptions(
            result.GetValue(Source),
            result.GetValue(CameraSize) is { } camera ? (camera.Width, camera.Height) : null,
            result.GetValue(Fps),
            result.GetValue(Styles)!,
            result.GetValue(StyleSize),
            result.GetValue(Size),
            result.GetValue(Network),
            result.GetValue(Alpha),
            TimeSpan.FromSeconds(result.GetValue(CrossFade)),
            result.GetValue(Device),
            result.GetValue(Precision),
            _calibration.Read(result),
            result.GetValue(Weights),
            result.GetValue(Headless),
            result.GetValue(Duration) is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : null,
            (result.GetValue(Window).Width, result.GetValue(Window).Height),
            result.GetValue(Fullscreen),
            result.GetValue(Split),
            result.GetValue(PreserveColor),
            result.GetValue(Record),
            result.GetValue(Codec),
            result.GetValue(RecordFps),
            result.GetValue(Recordings)!,
            result.GetValue(Snapshots)!,
            result.GetResult(VirtualCamera) is { Implicit: false },
            result.GetValue(VirtualCamera) is { Length: > 0 } device ? device : null,
            new VirtualCameraSettings(new OpenCvSharp.Size(size.Width, size.Height), result.GetValue(VirtualCameraFps),
                result.GetValue(VirtualCameraFit), result.GetValue(MirrorOutput)),
            result.GetValue(Mirror),
            result.GetValue(Stream),
            result.GetValue(StreamFps),
            result.GetValue(Temporal),
            result.GetValue(Upscale),
            result.GetValue(Regions));
    }

    /// <summary>The options given, by name without "--", with their text (null for a flag, "" for an optional value given alone).</summary>
    public IReadOnlyDictionary<string, string?> Given(ParseResult result) =>
        _all.Select(option => (option, Result: result.GetResult(option)))
            .Where(o => o.Result is { Implicit: false } && (o.option is not Option<bool> flag || result.GetValue(flag)))
            .ToDictionary(o => o.option.Name[2..],
                o => o.option is Option<bool> ? null : (o.Result!.Tokens.Count > 0 ? o.Result.Tokens[0].Value : ""), StringComparer.Ordinal);

    private static int Run(ParseResult result)
    {
        // The live view's own arguments (no command word), to which the settings add what the user left out.
        var args = result.Tokens.Where(t => t.Type is not (TokenType.Command or TokenType.Directive)).Select(t => t.Value).ToList();
        var settings = SettingsSession.Start(args, SettingsFile.Default);
        return LiveCommand.Run(LiveOptions.Parse(settings.Arguments), result.InvocationConfiguration.Error, settings);
    }

    private static string ValidSource(string text)
    {
        SourceSpec.Parse(text);
        return text;
    }

    private static FitMode ParseFit(string text) => text.ToLowerInvariant() switch
    {
        "crop" or "fill" => FitMode.Crop,
        "letterbox" or "fit" => FitMode.Letterbox,
        _ => throw new UsageException($"--virtual-camera-fit must be crop or letterbox, got '{text}'"),
    };

    private T Add<T>(T option) where T : Option
    {
        _all.Add(option);
        return option;
    }
}
