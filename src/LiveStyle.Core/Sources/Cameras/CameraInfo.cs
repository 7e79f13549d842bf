namespace LiveStyle.Core.Sources.Cameras;

/// <summary>A camera as its driver describes it: its name (V4L2 card name), device path and modes.</summary>
public sealed record CameraInfo(string Path, string Name, string Driver, IReadOnlyList<CameraFormatInfo> Formats)
{
    /// <summary>v4l2loopback devices (virtual cameras, perhaps this program's own output) are cameras too, but not real ones.</summary>
    public bool IsVirtual => Driver == Sinks.VirtualCamera.V4l2Constants.LoopbackDriver;
}

/// <summary>One pixel format of a camera (fourcc such as "MJPG" or "YUYV") and the sizes it offers in it.</summary>
public sealed record CameraFormatInfo(string Fourcc, string Description, IReadOnlyList<CameraSizeInfo> Sizes);

/// <summary>A frame size and the frame rates offered at it, fastest first (empty when the driver does not say).</summary>
public sealed record CameraSizeInfo(int Width, int Height, IReadOnlyList<double> FramesPerSecond)
{
    public double MaxFramesPerSecond => FramesPerSecond.Count == 0 ? 0 : FramesPerSecond[0];
    public long Pixels => (long)Width * Height;
}
