using LiveStyle.Core.Imaging;

namespace LiveStyle.Core.Sources;

/// <summary>
/// What <c>--source</c> names: <c>camera</c>, <c>camera:N</c>, <c>camera:/dev/videoN</c>, <c>camera:NAME</c> (part of
/// the camera's name, as <c>livestyle devices</c> lists it), <c>pattern</c>,
/// <c>image:PATH</c>, <c>video:PATH</c>, or a bare path whose extension says image or video.
/// Parsing only checks the form; <see cref="Open"/> finds out whether the thing exists.
/// </summary>
public sealed record SourceSpec(SourceKind Kind, int CameraIndex = 0, string? Path = null, string? CameraName = null)
{
    public const string AcceptedForms =
        "camera, camera:N, camera:/dev/videoN, camera:NAME, pattern, image:PATH, video:PATH, or the path of an image or video file";

    public static readonly IReadOnlySet<string> VideoExtensions = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        ".mp4", ".m4v", ".mov", ".avi", ".mkv", ".webm", ".mpg", ".mpeg", ".wmv", ".flv", ".ogv", ".ts", ".y4m",
    };

    public static SourceSpec DefaultCamera { get; } = new(SourceKind.Camera);
    public static SourceSpec Pattern { get; } = new(SourceKind.Pattern);

    /// <summary>What the user sees in messages: "camera 0", "camera /dev/video2", "test pattern", "clip.mp4".</summary>
    public string DisplayName => Kind switch
    {
        SourceKind.Camera => CameraName is not null ? $"camera \"{CameraName}\"" : Path is null ? $"camera {CameraIndex}" : $"camera {Path}",
        SourceKind.Pattern => "test pattern",
        _ => System.IO.Path.GetFileName(Path!),
    };

    public static SourceSpec Parse(string text)
    {
        var value = text?.Trim() ?? "";
        if (value.Length == 0) throw Bad(value, "it is empty");

        var colon = value.IndexOf(':');
        var prefix = colon < 0 ? value : value[..colon];
        var rest = colon < 0 ? null : value[(colon + 1)..].Trim();
        switch (prefix.ToLowerInvariant())
        {
            case "camera":
                return rest is null ? DefaultCamera : ParseCamera(value, rest);
            case "pattern" when rest is null:
                return Pattern;
            case "pattern":
                throw Bad(value, "'pattern' takes no value");
            case "image":
                return new SourceSpec(SourceKind.Image, Path: RequirePath(value, rest));
            case "video":
                return new SourceSpec(SourceKind.Video, Path: RequirePath(value, rest));
        }

        // A bare path (this also covers Windows drive letters such as C:\clips\a.mp4).
        var extension = System.IO.Path.GetExtension(value);
        if (ImageFile.LooksLikeImage(value)) return new SourceSpec(SourceKind.Image, Path: value);
        if (VideoExtensions.Contains(extension)) return new SourceSpec(SourceKind.Video, Path: value);
        throw Bad(value, extension.Length == 0
            ? "it is neither a known source nor a file with an image or video extension"
            : $"'{extension}' is not a known image or video extension (prefix the path with image: or video: to say which)");
    }

    /// <summary>
    /// Opens the source. The requested size and rate are asked of cameras and used by the test
    /// pattern; files play at their own size and rate.
    /// </summary>
    public IFrameSource Open(int? requestedWidth = null, int? requestedHeight = null, double? requestedFps = null) => Kind switch
    {
        SourceKind.Camera => CameraOpening.Open(this, requestedWidth, requestedHeight, requestedFps),
        SourceKind.Pattern => new TestPatternSource(requestedWidth ?? 640, requestedHeight ?? 360, requestedFps ?? 30),
        SourceKind.Image => new StillImageSource(Path!),
        SourceKind.Video => new VideoFileSource(Path!),
        _ => throw new InvalidOperationException($"unknown source kind {Kind}"),
    };

    public override string ToString() => Kind switch
    {
        SourceKind.Camera => CameraName is not null ? $"camera:{CameraName}" : Path is null ? $"camera:{CameraIndex}" : $"camera:{Path}",
        SourceKind.Pattern => "pattern",
        SourceKind.Image => $"image:{Path}",
        _ => $"video:{Path}",
    };

    private static SourceSpec ParseCamera(string value, string rest)
    {
        if (rest.Length == 0) throw Bad(value, "give a camera number after 'camera:' (camera:0) or a device path");
        if (rest.All(char.IsAsciiDigit))
        {
            if (!int.TryParse(rest, out var index) || index > 99) throw Bad(value, $"camera number {rest} is out of range");
            return new SourceSpec(SourceKind.Camera, CameraIndex: index);
        }
        if (rest.StartsWith('/')) return new SourceSpec(SourceKind.Camera, Path: rest);
        if (rest.Any(char.IsLetter)) return new SourceSpec(SourceKind.Camera, CameraName: rest);
        throw Bad(value, $"'{rest}' is neither a camera number, a device path such as /dev/video0, nor a camera's name");
    }

    private static string RequirePath(string value, string? rest) =>
        string.IsNullOrEmpty(rest) ? throw Bad(value, "a path must follow the colon") : rest;

    private static LiveStyleException Bad(string value, string why) =>
        new($"source '{value}' is not understood: {why}. Use {AcceptedForms}");
}
