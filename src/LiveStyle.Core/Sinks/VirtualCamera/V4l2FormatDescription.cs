using System.Runtime.InteropServices;

namespace LiveStyle.Core.Sinks.VirtualCamera;

/// <summary>struct v4l2_fmtdesc (linux/videodev2.h), 64 bytes: one pixel format VIDIOC_ENUM_FMT reports.</summary>
[StructLayout(LayoutKind.Explicit, Size = 64)]
public unsafe struct V4l2FormatDescription
{
    [FieldOffset(0)] public uint Index;
    [FieldOffset(4)] public uint Type;
    [FieldOffset(8)] public uint Flags;
    [FieldOffset(12)] public fixed byte Description[32];
    [FieldOffset(44)] public uint PixelFormat;
    [FieldOffset(48)] public uint MbusCode;
    [FieldOffset(52)] public fixed uint Reserved[3];

    public readonly string DescriptionText
    {
        get
        {
            fixed (byte* p = Description)
            {
                var span = new ReadOnlySpan<byte>(p, 32);
                var end = span.IndexOf((byte)0);
                return System.Text.Encoding.UTF8.GetString(end < 0 ? span : span[..end]);
            }
        }
    }

    public void SetDescription(string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        fixed (byte* p = Description)
        {
            var span = new Span<byte>(p, 32);
            span.Clear();
            bytes.AsSpan(0, Math.Min(bytes.Length, 31)).CopyTo(span);
        }
    }
}

/// <summary>struct v4l2_frmsizeenum, 44 bytes: one frame size (or a range) VIDIOC_ENUM_FRAMESIZES reports.</summary>
[StructLayout(LayoutKind.Explicit, Size = 44)]
public unsafe struct V4l2FrameSizeEnum
{
    public const uint TypeDiscrete = 1, TypeContinuous = 2, TypeStepwise = 3;

    [FieldOffset(0)] public uint Index;
    [FieldOffset(4)] public uint PixelFormat;
    [FieldOffset(8)] public uint Type;
    // Discrete: width, height. Stepwise and continuous: min/max/step of width, then of height.
    [FieldOffset(12)] public uint Width;
    [FieldOffset(16)] public uint Height;
    [FieldOffset(12)] public uint MinWidth;
    [FieldOffset(16)] public uint MaxWidth;
    [FieldOffset(20)] public uint StepWidth;
    [FieldOffset(24)] public uint MinHeight;
    [FieldOffset(28)] public uint MaxHeight;
    [FieldOffset(32)] public uint StepHeight;
    [FieldOffset(36)] public fixed uint Reserved[2];
}

/// <summary>struct v4l2_frmivalenum, 52 bytes: one frame interval (or a range) VIDIOC_ENUM_FRAMEINTERVALS reports.</summary>
[StructLayout(LayoutKind.Explicit, Size = 52)]
public unsafe struct V4l2FrameIntervalEnum
{
    public const uint TypeDiscrete = 1, TypeContinuous = 2, TypeStepwise = 3;

    [FieldOffset(0)] public uint Index;
    [FieldOffset(4)] public uint PixelFormat;
    [FieldOffset(8)] public uint Width;
    [FieldOffset(12)] public uint Height;
    [FieldOffset(16)] public uint Type;
    // Discrete: one fraction (seconds per frame). Stepwise and continuous: min, max, step fractions.
    [FieldOffset(20)] public uint Numerator;
    [FieldOffset(24)] public uint Denominator;
    [FieldOffset(20)] public uint MinNumerator;
    [FieldOffset(24)] public uint MinDenominator;
    [FieldOffset(28)] public uint MaxNumerator;
    [FieldOffset(32)] public uint MaxDenominator;
    [FieldOffset(36)] public uint StepNumerator;
    [FieldOffset(40)] public uint StepDenominator;
    [FieldOffset(44)] public fixed uint Reserved[2];
}
