namespace LiveStyle.Core.Sinks.VirtualCamera;

/// <summary>
/// The few operations done on an open video device node: the virtual camera's, and listing a camera's modes. <see cref="V4l2Device"/>
/// does them with system calls; tests stand in for the kernel device. Failures throw <see cref="V4l2Exception"/>.
/// </summary>
public interface IV4l2Device : IDisposable
{
    /// <summary>The device node, e.g. /dev/video10.</summary>
    string Path { get; }

    /// <summary>VIDIOC_QUERYCAP.</summary>
    V4l2DeviceInfo QueryCapability();

    /// <summary>VIDIOC_S_FMT: the driver may adjust <paramref name="format"/> to what it will actually use.</summary>
    void SetFormat(ref V4l2Format format);

    /// <summary>VIDIOC_ENUM_FMT for the entry at <c>description.Index</c>; false past the last one (EINVAL).</summary>
    bool EnumerateFormat(ref V4l2FormatDescription description);

    /// <summary>VIDIOC_ENUM_FRAMESIZES for <c>size.Index</c> of <c>size.PixelFormat</c>; false past the last one.</summary>
    bool EnumerateFrameSize(ref V4l2FrameSizeEnum size);

    /// <summary>VIDIOC_ENUM_FRAMEINTERVALS for <c>interval.Index</c> of a format and size; false past the last one.</summary>
    bool EnumerateFrameInterval(ref V4l2FrameIntervalEnum interval);

    /// <summary>write(2) of one whole frame; returns the number of bytes the device took.</summary>
    int Write(ReadOnlySpan<byte> frame);
}
