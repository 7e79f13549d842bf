using OpenCvSharp;

namespace LiveStyle.Core.Sources;

/// <summary>
/// A webcam, by index (0, 1, …) or device path (/dev/video2). The requested size and frame rate
/// are asked for; <see cref="Width"/>, <see cref="Height"/> and <see cref="FramesPerSecond"/> report
/// what the device actually granted.
/// </summary>
public sealed class CameraSource : IFrameSource
{
    private const double AssumedFps = 30;
    private readonly VideoCapture _capture;

    public CameraSource(int index, int? requestedWidth = null, int? requestedHeight = null, double? requestedFps = null)
    {
        if (index < 0) throw new ArgumentOutOfRangeException(nameof(index), "camera indexes start at 0");
        Name = $"camera {index}";
        // On Linux index N is /dev/videoN; checking first avoids OpenCV's warnings on machines without a camera.
        if (OperatingSystem.IsLinux() && !File.Exists($"/dev/video{index}")) throw NotOpened();
        _capture = OpenOrThrow(() => new VideoCapture(index, PreferredBackend()));
        (Width, Height, FramesPerSecond) = Configure(requestedWidth, requestedHeight, requestedFps);
    }

    /// <param name="mode">The format, size and rate to ask for (chosen from what the camera offers); it wins over the requested ones.</param>
    /// <param name="cameraName">The camera's own name, for messages.</param>
    public CameraSource(string devicePath, int? requestedWidth = null, int? requestedHeight = null, double? requestedFps = null,
        Cameras.CameraMode? mode = null, string? cameraName = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(devicePath);
        Name = cameraName is null ? $"camera {devicePath}" : $"camera \"{cameraName}\" ({devicePath})";
        if (OperatingSystem.IsLinux() && devicePath.StartsWith("/dev/", StringComparison.Ordinal) && !File.Exists(devicePath))
            throw NotOpened();
        var backend = OperatingSystem.IsLinux() ? VideoCaptureAPIs.V4L2 : VideoCaptureAPIs.ANY;
        _capture = OpenOrThrow(() => new VideoCapture(devicePath, backend));
        (Width, Height, FramesPerSecond) = mode is null
            ? Configure(requestedWidth, requestedHeight, requestedFps)
            : Configure(mode.Width, mode.Height, mode.FramesPerSecond, mode.Fourcc);
        Mode = mode;
    }

    public string Name { get; }
    /// <summary>The mode that was asked for, when it was chosen from the camera's list; null otherwise.</summary>
    public Cameras.CameraMode? Mode { get; }
    public double FramesPerSecond { get; }
    public bool IsLive => true;
    /// <summary>The frame size the device granted (0 when the driver does not say).</summary>
    public int Width { get; }
    public int Height { get; }

    public bool Read(Mat bgr) => _capture.Read(bgr) && !bgr.Empty();

    public void Dispose() => _capture.Dispose();

    private LiveStyleException NotOpened() =>
        new($"{Name} could not be opened: is it connected and not used by another program? `livestyle devices` lists cameras");

    private VideoCapture OpenOrThrow(Func<VideoCapture> open)
    {
        VideoCapture capture;
        try { capture = open(); }
        catch (OpenCVException e) { throw new LiveStyleException(NotOpened().Message + $" ({e.Message})", e); }
        if (capture.IsOpened()) return capture;
        capture.Dispose();
        throw NotOpened();
    }

    private (int Width, int Height, double Fps) Configure(int? width, int? height, double? fps, string? fourcc = null)
    {
        if (fourcc is not null)
            _capture.Set(VideoCaptureProperties.FourCC, FourCC.FromString(fourcc).Value);
        if (width is not null || height is not null)
        {
            // Uncompressed YUYV over USB 2 only reaches low frame rates at HD sizes; MJPG is what
            // webcams use for 720p/1080p at 30 fps. Drivers that do not offer it ignore the request.
            if (fourcc is null) _capture.Set(VideoCaptureProperties.FourCC, FourCC.FromString("MJPG").Value);
            if (width is { } w) _capture.Set(VideoCaptureProperties.FrameWidth, w);
            if (height is { } h) _capture.Set(VideoCaptureProperties.FrameHeight, h);
        }
        if (fps is { } f) _capture.Set(VideoCaptureProperties.Fps, f);

        var granted = _capture.Get(VideoCaptureProperties.Fps);
        var grantedFps = double.IsFinite(granted) && granted > 0 ? granted : AssumedFps;
        return ((int)_capture.Get(VideoCaptureProperties.FrameWidth), (int)_capture.Get(VideoCaptureProperties.FrameHeight), grantedFps);
    }

    // DirectShow opens in a fraction of the time Media Foundation takes and lets sizes be set reliably.
    private static VideoCaptureAPIs PreferredBackend() =>
        OperatingSystem.IsWindows() ? VideoCaptureAPIs.DSHOW : OperatingSystem.IsLinux() ? VideoCaptureAPIs.V4L2 : VideoCaptureAPIs.ANY;
}
