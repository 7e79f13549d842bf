namespace LiveStyle.Core.Sinks.VirtualCamera;

/// <summary>
/// The few operations the virtual camera performs on an open video device node. <see cref="V4l2Device"/>
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

    /// <summary>write(2) of one whole frame; returns the number of bytes the device took.</summary>
    int Write(ReadOnlySpan<byte> frame);
}
