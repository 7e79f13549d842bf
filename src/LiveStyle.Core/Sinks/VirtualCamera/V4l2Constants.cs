namespace LiveStyle.Core.Sinks.VirtualCamera;

/// <summary>The published constants of linux/videodev2.h this code needs.</summary>
public static class V4l2Constants
{
    public static readonly uint VidiocQueryCap = IoctlNumber.Read<V4l2Capability>('V', 0);
    public static readonly uint VidiocGetFormat = IoctlNumber.ReadWrite<V4l2Format>('V', 4);
    public static readonly uint VidiocSetFormat = IoctlNumber.ReadWrite<V4l2Format>('V', 5);
    public static readonly uint VidiocEnumFormat = IoctlNumber.ReadWrite<V4l2FormatDescription>('V', 2);
    public static readonly uint VidiocEnumFrameSizes = IoctlNumber.ReadWrite<V4l2FrameSizeEnum>('V', 74);
    public static readonly uint VidiocEnumFrameIntervals = IoctlNumber.ReadWrite<V4l2FrameIntervalEnum>('V', 75);

    public const uint BufferTypeVideoCapture = 1;      // V4L2_BUF_TYPE_VIDEO_CAPTURE
    public const uint BufferTypeVideoOutput = 2;       // V4L2_BUF_TYPE_VIDEO_OUTPUT
    public const uint FieldNone = 1;                   // V4L2_FIELD_NONE: progressive
    public const uint ColorspaceSmpte170M = 1;         // V4L2_COLORSPACE_SMPTE170M: BT.601
    public const uint YcbcrEncoding601 = 1;            // V4L2_YCBCR_ENC_601
    public const uint QuantizationLimitedRange = 2;    // V4L2_QUANTIZATION_LIM_RANGE

    public const uint CapVideoCapture = 0x00000001;    // V4L2_CAP_VIDEO_CAPTURE
    public const uint CapVideoOutput = 0x00000002;     // V4L2_CAP_VIDEO_OUTPUT
    public const uint CapDeviceCaps = 0x80000000;      // V4L2_CAP_DEVICE_CAPS: device_caps is filled in

    /// <summary>The driver name v4l2loopback reports in VIDIOC_QUERYCAP.</summary>
    public const string LoopbackDriver = "v4l2 loopback";

    public static readonly uint FourccYuyv = Fourcc('Y', 'U', 'Y', 'V');
    public static readonly uint FourccI420 = Fourcc('Y', 'U', '1', '2');
    public static readonly uint FourccNv12 = Fourcc('N', 'V', '1', '2');
    public static readonly uint FourccMjpg = Fourcc('M', 'J', 'P', 'G');

    /// <summary>v4l2_fourcc: the four characters, first in the lowest byte.</summary>
    public static uint Fourcc(char a, char b, char c, char d) => a | (uint)b << 8 | (uint)c << 16 | (uint)d << 24;

    public static string FourccText(uint fourcc) =>
        new([(char)(fourcc & 0xFF), (char)(fourcc >> 8 & 0xFF), (char)(fourcc >> 16 & 0xFF), (char)(fourcc >> 24 & 0xFF)]);
}
