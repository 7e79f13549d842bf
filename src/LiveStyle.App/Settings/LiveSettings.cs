using System.Globalization;

namespace LiveStyle.App.Settings;

/// <summary>
/// What the live view remembers between runs (settings.json in the config folder). Every entry is
/// the value of a live-view option, kept as the user would type it; null means "not remembered".
/// Options on the command line win over these. Entries for options this build does not know are
/// kept in the file but not used.
/// </summary>
public sealed record LiveSettings
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;
    /// <summary>--source: the camera (camera:NAME, camera:N) or other source.</summary>
    public string? Source { get; init; }
    public string? CameraSize { get; init; }
    /// <summary>The style shown last, by its name in the style folder (not an option: chosen with the keys).</summary>
    public string? Style { get; init; }
    /// <summary>--network: which stylization network (added by the fast-runtime work; passed on when the live view knows it).</summary>
    public string? Network { get; init; }
    /// <summary>--alpha: the style strength.</summary>
    public float? Alpha { get; init; }
    /// <summary>--size: the inference size (N or WxH).</summary>
    public string? Size { get; init; }
    public bool? Split { get; init; }
    public bool? PreserveColor { get; init; }
    public bool? Mirror { get; init; }
    public bool? MirrorOutput { get; init; }
    /// <summary>--temporal: the temporal smoothing mode (added by the temporal work; passed on when the live view knows it).</summary>
    public string? Temporal { get; init; }
    /// <summary>--regions: which regions are stylized (background, person; not remembered when all), as K left it.</summary>
    public string? Regions { get; init; }
    /// <summary>The virtual camera output on or off, and its device ("" for the one found by itself).</summary>
    public bool? VirtualCamera { get; init; }
    public string? VirtualCameraDevice { get; init; }
    public string? VirtualCameraSize { get; init; }
    public string? VirtualCameraFit { get; init; }
    /// <summary>--stream: the MJPEG stream's port, when it was on.</summary>
    public int? Stream { get; init; }
    /// <summary>--stream-fps: the stream's steady rate, when one was asked for.</summary>
    public string? StreamFps { get; init; }

    /// <summary>The remembered values as (option, value) pairs; a null value is a flag that is on.</summary>
    public IEnumerable<(string Option, string? Value)> AsOptions()
    {
        if (Source is not null) yield return ("source", Source);
        if (CameraSize is not null) yield return ("camera-size", CameraSize);
        if (Network is not null) yield return ("network", Network);
        if (Alpha is { } alpha) yield return ("alpha", alpha.ToString(CultureInfo.InvariantCulture));
        if (Size is not null) yield return ("size", Size);
        if (Split == true) yield return ("split", null);
        if (PreserveColor == true) yield return ("preserve-color", null);
        if (Mirror == true) yield return ("mirror", null);
        if (MirrorOutput == true) yield return ("mirror-output", null);
        if (Temporal is not null) yield return ("temporal", Temporal);
        if (Regions is not null) yield return ("regions", Regions);
        if (VirtualCamera == true) yield return ("virtual-camera", VirtualCameraDevice ?? "");
        if (VirtualCameraSize is not null) yield return ("virtual-camera-size", VirtualCameraSize);
        if (VirtualCameraFit is not null) yield return ("virtual-camera-fit", VirtualCameraFit);
        if (Stream is { } port) yield return ("stream", port.ToString(CultureInfo.InvariantCulture));
        if (StreamFps is not null) yield return ("stream-fps", StreamFps);
    }

    /// <summary>The settings an effective command line stands for (options that are not settings are left out).</summary>
    public static LiveSettings FromOptions(IReadOnlyDictionary<string, string?> options)
    {
        string? Value(string name) => options.TryGetValue(name, out var v) ? v : null;
        bool? Flag(string name) => options.ContainsKey(name) ? true : null;
        return new LiveSettings
        {
            Source = Value("source"),
            CameraSize = Value("camera-size"),
            Network = Value("network"),
            Alpha = Value("alpha") is { } alpha && float.TryParse(alpha, NumberStyles.Float, CultureInfo.InvariantCulture, out var a) ? a : null,
            Size = Value("size"),
            Split = Flag("split"),
            PreserveColor = Flag("preserve-color"),
            Mirror = Flag("mirror"),
            MirrorOutput = Flag("mirror-output"),
            Temporal = Value("temporal"),
            Regions = Value("regions"),
            VirtualCamera = Flag("virtual-camera"),
            VirtualCameraDevice = Value("virtual-camera") is { Length: > 0 } device ? device : null,
            VirtualCameraSize = Value("virtual-camera-size"),
            VirtualCameraFit = Value("virtual-camera-fit"),
            Stream = Value("stream") is { } port && int.TryParse(port, CultureInfo.InvariantCulture, out var p) ? p : null,
            StreamFps = Value("stream-fps"),
        };
    }
}
