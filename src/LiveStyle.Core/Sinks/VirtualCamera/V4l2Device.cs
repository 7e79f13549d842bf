using System.Runtime.InteropServices;
using static LiveStyle.Core.Sinks.VirtualCamera.V4l2Exception;

namespace LiveStyle.Core.Sinks.VirtualCamera;

/// <summary>A video device node opened with open(2), driven with ioctl(2) and write(2). Linux only.</summary>
public sealed unsafe class V4l2Device : IV4l2Device
{
    private int _fd;

    private V4l2Device(string path, int fd)
    {
        Path = path;
        _fd = fd;
    }

    public string Path { get; }

    public static V4l2Device Open(string path)
    {
        if (!OperatingSystem.IsLinux())
            throw new PlatformNotSupportedException("video device nodes exist on Linux only");
        var fd = LibC.Open(path, LibC.O_RDWR | LibC.O_CLOEXEC);
        if (fd < 0)
            throw new V4l2Exception("open", path, Marshal.GetLastPInvokeError());
        return new V4l2Device(path, fd);
    }

    public V4l2DeviceInfo QueryCapability()
    {
        var cap = default(V4l2Capability);
        Ioctl(V4l2Constants.VidiocQueryCap, &cap, "VIDIOC_QUERYCAP");
        return V4l2DeviceInfo.From(cap);
    }

    public void SetFormat(ref V4l2Format format)
    {
        fixed (V4l2Format* p = &format)
            Ioctl(V4l2Constants.VidiocSetFormat, p, "VIDIOC_S_FMT");
    }

    public bool EnumerateFormat(ref V4l2FormatDescription description)
    {
        fixed (V4l2FormatDescription* p = &description)
            return Enumerate(V4l2Constants.VidiocEnumFormat, p, "VIDIOC_ENUM_FMT");
    }

    public bool EnumerateFrameSize(ref V4l2FrameSizeEnum size)
    {
        fixed (V4l2FrameSizeEnum* p = &size)
            return Enumerate(V4l2Constants.VidiocEnumFrameSizes, p, "VIDIOC_ENUM_FRAMESIZES");
    }

    public bool EnumerateFrameInterval(ref V4l2FrameIntervalEnum interval)
    {
        fixed (V4l2FrameIntervalEnum* p = &interval)
            return Enumerate(V4l2Constants.VidiocEnumFrameIntervals, p, "VIDIOC_ENUM_FRAMEINTERVALS");
    }

    public int Write(ReadOnlySpan<byte> frame)
    {
        fixed (byte* p = frame)
        {
            while (true)
            {
                var written = LibC.Write(Fd, p, (nuint)frame.Length);
                if (written >= 0)
                    return (int)written;
                var errno = Marshal.GetLastPInvokeError();
                if (errno != EINTR)
                    throw new V4l2Exception("write", Path, errno);
            }
        }
    }

    public void Dispose()
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
            LibC.Close(fd);
    }

    private int Fd => _fd >= 0 ? _fd : throw new ObjectDisposedException(Path);

    /// <summary>An enumeration ioctl: EINVAL means the index is past the end (drivers without the ioctl answer ENOTTY).</summary>
    private bool Enumerate(uint request, void* argument, string name)
    {
        try
        {
            Ioctl(request, argument, name);
            return true;
        }
        catch (V4l2Exception e) when (e.Errno is EINVAL or ENOTTY)
        {
            return false;
        }
    }

    private void Ioctl(uint request, void* argument, string name)
    {
        while (LibC.Ioctl(Fd, request, argument) < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != EINTR)
                throw new V4l2Exception(name, Path, errno);
        }
    }
}
