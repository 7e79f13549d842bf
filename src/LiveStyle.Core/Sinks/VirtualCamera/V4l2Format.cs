using System.Runtime.InteropServices;

namespace LiveStyle.Core.Sinks.VirtualCamera;

/// <summary>
/// struct v4l2_format (linux/videodev2.h), 208 bytes on 64-bit Linux: the buffer type, then a
/// 200-byte union that starts at offset 8 because one of its members (v4l2_window) holds pointers.
/// Only the single-plane pixel format member is used here.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 208)]
public struct V4l2Format
{
    public const int UnionOffset = 8;
    public const int UnionSize = 200;

    [FieldOffset(0)] public uint Type;
    [FieldOffset(UnionOffset)] public V4l2PixFormat Pix;
}
