namespace LiveStyle.Core.Sources.Cameras;

/// <summary>The format, size and rate to ask a camera for.</summary>
public sealed record CameraMode(string Fourcc, int Width, int Height, double FramesPerSecond)
{
    public override string ToString() => $"{Fourcc} {Width}x{Height} at {FramesPerSecond:0.##} fps";
}

/// <summary>
/// Picks a camera mode from what the camera offers. At 1280×720 and above uncompressed YUYV is
/// limited by USB 2 to 5–10 fps on most webcams, so MJPG is preferred there; below, YUYV (no
/// decoding) when it reaches the rate. Without a requested size: the largest size up to 1280×720 that
/// reaches the rate (default 30 fps).
/// </summary>
public static class CameraModeChoice
{
    public const int HdPixels = 1280 * 720;
    private const double DefaultFps = 30;

    public static CameraMode? Choose(CameraInfo camera, int? width, int? height, double? fps)
    {
        var wantedFps = fps ?? DefaultFps;
        var candidates = camera.Formats
            .Where(f => f.Fourcc is "MJPG" or "YUYV")
            .SelectMany(f => f.Sizes.Select(s => (Format: f.Fourcc, Size: s)))
            .ToList();
        if (candidates.Count == 0) return null;

        IEnumerable<(string Format, CameraSizeInfo Size)> sized;
        if (width is { } w && height is { } h)
        {
            // The requested size if offered, else the offered size nearest to it in area.
            var area = (long)w * h;
            var nearest = candidates.MinBy(c => Math.Abs(c.Size.Pixels - area)).Size;
            var exact = candidates.Where(c => c.Size.Width == w && c.Size.Height == h).ToList();
            sized = exact.Count > 0 ? exact : candidates.Where(c => c.Size.Width == nearest.Width && c.Size.Height == nearest.Height);
        }
        else
        {
            var fast = candidates.Where(c => c.Size.Pixels <= HdPixels && Reaches(c.Size, wantedFps)).ToList();
            var pool = fast.Count > 0 ? fast : candidates;
            var largest = pool.Max(c => c.Size.Pixels);
            sized = pool.Where(c => c.Size.Pixels == largest);
        }

        var options = sized.ToList();
        var pick = options
            .OrderByDescending(c => Reaches(c.Size, wantedFps))
            .ThenBy(c => Preference(c.Format, c.Size))
            .ThenByDescending(c => c.Size.MaxFramesPerSecond)
            .First();
        var rate = pick.Size.FramesPerSecond.Where(r => r <= wantedFps + 0.01).DefaultIfEmpty(pick.Size.MaxFramesPerSecond).Max();
        return new CameraMode(pick.Format, pick.Size.Width, pick.Size.Height, rate > 0 ? rate : wantedFps);
    }

    private static bool Reaches(CameraSizeInfo size, double fps) => size.FramesPerSecond.Count == 0 || size.MaxFramesPerSecond >= fps - 0.5;

    /// <summary>Lower is better: MJPG first at HD and above, YUYV first below.</summary>
    private static int Preference(string format, CameraSizeInfo size) =>
        size.Pixels >= HdPixels ? (format == "MJPG" ? 0 : 1) : (format == "YUYV" ? 0 : 1);
}
