using System.Runtime.InteropServices;

namespace LiveStyle.Core.Sinks.VirtualCamera;

/// <summary>struct v4l2_pix_format (linux/videodev2.h), 48 bytes: a single-plane picture format.</summary>
[StructLayout(LayoutKind.Explicit, Size = 48)]
public struct V4l2PixFormat
{
    [FieldOffset(0)] public uint Width;
    [FieldOffset(4)] public uint Height;
    [FieldOffset(8)] public uint PixelFormat;
    [FieldOffset(12)] public uint Field;
    [FieldOffset(16)] public uint BytesPerLine;
    [FieldOffset(20)] public uint SizeImage;
    [FieldOffset(24)] public uint Colorspace;
    [FieldOffset(28)] public uint Priv;
    [FieldOffset(32)] public uint Flags;
    /// <summary>A union with hsv_enc in the kernel header.</summary>
    [FieldOffset(36)] public uint YcbcrEncoding;
    [FieldOffset(40)] public uint Quantization;
    [FieldOffset(44)] public uint TransferFunction;
}
