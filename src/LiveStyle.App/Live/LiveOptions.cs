using LiveStyle.App.Cli;
using LiveStyle.App.Stylize;
using LiveStyle.Core;
using LiveStyle.Core.Inference;
using LiveStyle.Core.Networks;
using LiveStyle.Core.Pipeline;
using LiveStyle.Core.Quantization;
using LiveStyle.Core.Sinks.Recording;
using LiveStyle.Core.Sinks.VirtualCamera;
using LiveStyle.Core.Temporal;

namespace LiveStyle.App.Live;

/// <summary>The options of the live view (`livestyle [options]`), parsed and range-checked.</summary>
public sealed record LiveOptions(
    string? Source,
    (int Width, int Height)? CameraSize,
    double? CameraFps,
    string Styles,
    int StyleSize,
    InferenceSize? Size,
    StyleNetworkKind? Network,
    float Alpha,
    TimeSpan CrossFade,
    ExecutionDevice Device,
    Precision Precision,
    CalibrationOptions Calibration,
    string? Weights,
    bool Headless,
    TimeSpan? Duration,
    (int Width, int Height) WindowSize,
    bool Fullscreen,
    bool SplitView,
    bool PreserveColor,
    string? Record,
    VideoCodec Codec,
    double? RecordFps,
    string RecordingsDirectory,
    string SnapshotsDirectory,
    bool VirtualCamera,
    string? VirtualCameraDevice,
    VirtualCameraSettings VirtualCameraOutput,
    bool MirrorPreview,
    int? StreamPort,
    TemporalMode Temporal)
{
    public const string Help = """
        usage: livestyle [options]            the live view: your camera, stylized, in a window

          --source S            camera, camera:N, camera:/dev/videoN, camera:NAME (part of the name `livestyle devices`
                                shows), pattern, image:FILE, video:FILE or a file path (default: camera 0, else the test pattern)
          --camera-size WxH     ask the camera for this size (e.g. 1280x720)
          --fps N               ask the camera for this frame rate
          --styles DIR          folder of style images (default: the shipped styles, see livestyle --paths); new files join while running
          --style-size N        style images are scaled to this shorter side for their statistics (default 512)
          --size N|WxH          inference size: shorter side N or exactly WxH (default: 360 on the fast network,
                                256 on adain)
          --network N           adain or fast (default: fast when the stylizer runs on the CPU, adain on DirectML)
          --alpha A             style strength 0…1 (default 1)
          --crossfade S         seconds to blend between styles (default 0.5)
          --device D            auto, cpu, dml or dml:N (default auto)
          --precision P         auto, fp32 or int8 for either network (default auto: int8 on the CPU, fp32 on DirectML)
          --calibration DIR     content photos for the int8 model's calibration (else $LIVESTYLE_CALIBRATION,
                                else ../shared/images/content beside the checkout)
          --calibration-styles DIR  style images for it (else $LIVESTYLE_CALIBRATION_STYLES, else ../shared/images/style)
          --weights DIR         folder of the AdaIN weights (else $LIVESTYLE_WEIGHTS, else models/weights, else the
                                user data folder where `livestyle weights` puts them)
          --headless            no window: run the pipeline and print its status
          --duration S          stop after S seconds
          --window WxH          window size (default 960x540)
          --fullscreen          start fullscreen
          --split               start in split view (original | stylized)
          --preserve-color      start with colour preservation on
          --record FILE         record the stylized view from the start (.mkv FFV1, .mp4 mp4v, .avi MJPG)
          --codec C             mp4v, mjpg, ffv1 or h264 (h264 needs the ffmpeg program)
          --record-fps N        the recording's frame rate (default: the source's)
          --recordings DIR      where R saves recordings (default: ~/Videos/LiveStyle, see livestyle --paths)
          --snapshots DIR       where P saves snapshots (default: ~/Pictures/LiveStyle)
          --virtual-camera [DEV] send the stylized view to a virtual camera (Linux: a v4l2loopback
                                device, found automatically; Windows: OBS's virtual camera)
          --virtual-camera-size WxH  the virtual camera's fixed size (default 1280x720; e.g. 640x480)
          --virtual-camera-fit F     crop (default: fill, cutting the edges) or letterbox (black bars); never stretched
          --virtual-camera-fps N     the rate it sends frames at, whatever the inference rate (default 30)
          --mirror              mirror the preview window (the way you see yourself in a mirror)
          --mirror-output       mirror what the virtual camera sends (meeting apps mirror only your self-view)
          --stream PORT         serve the stylized view as MJPEG over HTTP on 127.0.0.1:PORT (0: any free port)
          --reset-settings      forget the remembered settings (camera, style, strength, size, modes, outputs)
                                kept in settings.json in the config folder (livestyle --paths); options given
                                on the command line always win over remembered ones
          --temporal on|off     stabilize the stylized frames over time, no shimmer (default on; off: each frame as it comes)

        keys: ←/→ or B/N style, 1–9 jump to style, +/− alpha, M mix two styles, [ ] mix weight, G network,
              C colour preservation, S split view, Space pause, F fullscreen, H help, Esc/Q quit,
              R record on/off, V virtual camera on/off, P snapshot (← or B: previous style),
              T temporal stabilization on/off
        """;

    private static readonly HashSet<string> ValueOptions =
        ["source", "camera-size", "fps", "styles", "style-size", "size", "network", "alpha", "crossfade", "device", "precision", "calibration",
         "calibration-styles", "weights", "duration", "window",
         "record", "codec", "record-fps", "recordings", "snapshots", "stream",
         "virtual-camera-size", "virtual-camera-fit", "virtual-camera-fps", "temporal"];
    private static readonly HashSet<string> OptionalValueOptions = ["virtual-camera"];
    private static readonly HashSet<string> FlagOptions = ["headless", "fullscreen", "split", "preserve-color", "mirror", "mirror-output"];

    /// <summary>Whether the live view has the option (settings pass on only the options it knows).</summary>
    public static bool Knows(string option) =>
        ValueOptions.Contains(option) || OptionalValueOptions.Contains(option) || FlagOptions.Contains(option);

    /// <summary>The options given in <paramref name="args"/> with their values (null for flags); checks the form only.</summary>
    public static IReadOnlyDictionary<string, string?> Given(IReadOnlyList<string> args) =>
        new OptionReader("live", args, ValueOptions, FlagOptions, OptionalValueOptions).Given;

    public static LiveOptions Parse(IReadOnlyList<string> args)
    {
        var o = new OptionReader("live", args, ValueOptions, FlagOptions, OptionalValueOptions);
        var duration = o.Float("duration", 0f, 0f, 1e6f);
        if (o.String("source") is { } source) ValidateSource(source);
        return new LiveOptions(
            o.String("source"),
            o.String("camera-size") is { } cameraSize ? ParsePair("camera-size", cameraSize) : null,
            o.String("fps") is null ? null : o.Float("fps", 30f, 1f, 240f),
            o.String("styles") ?? LiveStylePaths.StylesDirectory,
            o.Int("style-size", 512, 64, 2048),
            o.String("size") is { } size ? ParseSize(size) : null,
            o.String("network") is { } network ? ParseNetwork(network) : null,
            o.Float("alpha", 1f, 0f, 1f),
            TimeSpan.FromSeconds(o.Float("crossfade", 0.5f, 0f, 10f)),
            StylizeOptions.ParseDevice(o.String("device") ?? "auto"),
            StylizeOptions.ParsePrecision(o.String("precision") ?? "auto"),
            new CalibrationOptions(o.String("calibration"), o.String("calibration-styles")),
            o.String("weights"),
            o.Flag("headless"),
            duration > 0 ? TimeSpan.FromSeconds(duration) : null,
            o.String("window") is { } window ? ParsePair("window", window) : (960, 540),
            o.Flag("fullscreen"),
            o.Flag("split"),
            o.Flag("preserve-color"),
            o.String("record"),
            ParseCodec(o.String("codec") ?? "auto"),
            o.String("record-fps") is null ? null : o.Float("record-fps", 30f, 1f, 240f),
            o.String("recordings") ?? LiveStylePaths.RecordingsDirectory,
            o.String("snapshots") ?? LiveStylePaths.SnapshotsDirectory,
            o.Has("virtual-camera"),
            o.String("virtual-camera") is { Length: > 0 } device ? device : null,
            new VirtualCameraSettings(
                o.String("virtual-camera-size") is { } cameraOutputSize ? ParseOutputSize("virtual-camera-size", cameraOutputSize) : VirtualCameraSettings.DefaultSize,
                o.Float("virtual-camera-fps", (float)VirtualCameraSettings.DefaultFramesPerSecond, 1f, 120f),
                ParseFit(o.String("virtual-camera-fit") ?? "crop"),
                o.Flag("mirror-output")),
            o.Flag("mirror"),
            o.String("stream") is null ? null : o.Int("stream", 0, 0, 65535),
            StylizeOptions.ParseTemporal(o.String("temporal") ?? "on"));
    }

    /// <summary>The network the live view starts with: --network, else fast on the CPU and adain on a GPU provider.</summary>
    public StyleNetworkKind StartNetwork => Network ?? StyleNetworkChoice.LiveDefault(Device);

    /// <summary>--size, else the network's default: 640×360-class frames are realistic on the fast network, 256 px on AdaIN.</summary>
    public InferenceSize SizeFor(StyleNetworkKind network) =>
        Size ?? new InferenceSize(network == StyleNetworkKind.Fast ? 360 : 256, 0, 0);

    public static StyleNetworkKind ParseNetwork(string text)
    {
        try { return StyleNetworkChoice.Parse(text); }
        catch (LiveStyleException e) { throw new UsageException(e.Message); }
    }

    private static void ValidateSource(string text)
    {
        try { LiveStyle.Core.Sources.SourceSpec.Parse(text); }
        catch (LiveStyleException e) { throw new UsageException(e.Message); }
    }

    private static OpenCvSharp.Size ParseOutputSize(string option, string text)
    {
        var (w, h) = ParsePair(option, text);
        return new OpenCvSharp.Size(w, h);
    }

    private static FitMode ParseFit(string text) => text.ToLowerInvariant() switch
    {
        "crop" or "fill" => FitMode.Crop,
        "letterbox" or "fit" => FitMode.Letterbox,
        _ => throw new UsageException($"--virtual-camera-fit must be crop or letterbox, got '{text}'"),
    };

    private static VideoCodec ParseCodec(string text)
    {
        try { return RecordingFormat.ParseCodec(text); }
        catch (LiveStyleException e) { throw new UsageException(e.Message); }
    }

    private static InferenceSize ParseSize(string text)
    {
        try { return InferenceSize.Parse(text); }
        catch (LiveStyleException e) { throw new UsageException(e.Message); }
    }

    private static (int, int) ParsePair(string option, string text)
    {
        var parts = text.ToLowerInvariant().Split('x');
        if (parts.Length == 2 && int.TryParse(parts[0], out var w) && int.TryParse(parts[1], out var h) && w >= 16 && h >= 16 && w <= 16384 && h <= 16384)
            return (w, h);
        throw new UsageException($"--{option} must be WIDTHxHEIGHT, e.g. 1280x720, got '{text}'");
    }
}
