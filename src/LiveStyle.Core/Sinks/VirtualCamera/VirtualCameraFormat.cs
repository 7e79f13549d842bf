namespace LiveStyle.Core.Sinks.VirtualCamera;

/// <summary>The picture layout written to a virtual camera.</summary>
public enum VirtualCameraFormat
{
    /// <summary>Packed 4:2:2 (fourcc YUYV): what browsers, Discord, Zoom and OBS accept from a v4l2loopback device.</summary>
    Yuyv,
    /// <summary>Planar 4:2:0 (fourcc YU12): smaller frames; needs an even height too.</summary>
    I420,
    /// <summary>4:2:0 with interleaved chroma: the layout of OBS Studio's virtual-camera queue on Windows.</summary>
    Nv12,
}

/// <summary>Sizes and conversions of the <see cref="VirtualCameraFormat"/>s.</summary>
public static class VirtualCameraFormats
{
    public static int FrameBytes(this VirtualCameraFormat format, int width, int height) => format switch
    {
        VirtualCameraFormat.Yuyv => YuvConversion.YuyvSize(width, height),
        VirtualCameraFormat.I420 => YuvConversion.I420Size(width, height),
        _ => YuvConversion.Nv12Size(width, height),
    };

    /// <summary>Whether the format needs an even height (4:2:0 halves the chroma rows).</summary>
    public static bool NeedsEvenHeight(this VirtualCameraFormat format) => format != VirtualCameraFormat.Yuyv;

    public static void Convert(this VirtualCameraFormat format, ReadOnlySpan<byte> bgr, int width, int height, int stride, Span<byte> target)
    {
        switch (format)
        {
            case VirtualCameraFormat.Yuyv: YuvConversion.BgrToYuyv(bgr, width, height, stride, target); break;
            case VirtualCameraFormat.I420: YuvConversion.BgrToI420(bgr, width, height, stride, target); break;
            default: YuvConversion.BgrToNv12(bgr, width, height, stride, target); break;
        }
    }
}
