using System.Runtime.InteropServices;

namespace LiveStyle.Core.Sinks.VirtualCamera;

/// <summary>A failed system call on a video device, with the errno it failed with.</summary>
public sealed class V4l2Exception : IOException
{
    public const int ENOENT = 2, EINTR = 4, EIO = 5, ENXIO = 6, EACCES = 13, EBUSY = 16, ENODEV = 19, EINVAL = 22, ENOTTY = 25, ENOSPC = 28;

    public V4l2Exception(string operation, string path, int errno)
        : base($"{operation} on {path} failed: {Describe(errno)}")
    {
        Operation = operation;
        Path = path;
        Errno = errno;
    }

    public string Operation { get; }
    public string Path { get; }
    public int Errno { get; }

    public static string Describe(int errno) => $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
}
