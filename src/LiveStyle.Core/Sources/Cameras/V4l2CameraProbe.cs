using LiveStyle.Core.Sinks.VirtualCamera;
using static LiveStyle.Core.Sinks.VirtualCamera.V4l2Constants;

namespace LiveStyle.Core.Sources.Cameras;

/// <summary>
/// Reads a V4L2 capture device's name and modes: VIDIOC_QUERYCAP for the card name, then
/// VIDIOC_ENUM_FMT, VIDIOC_ENUM_FRAMESIZES and VIDIOC_ENUM_FRAMEINTERVALS for every format and size.
/// Stepwise and continuous ranges are reported as their end points and the common sizes inside them.
/// </summary>
public static class V4l2CameraProbe
{
    private const int MaxEntries = 256;   // a bound on each enumeration, against a driver that never says "no more"
    private static readonly (int W, int H)[] CommonSizes = [(320, 240), (640, 360), (640, 480), (800, 600), (1280, 720), (1920, 1080), (2560, 1440), (3840, 2160)];

    /// <summary>The camera behind <paramref name="device"/>, or null when the node does not capture video (e.g. a metadata node).</summary>
    public static CameraInfo? Describe(IV4l2Device device)
    {
        var info = device.QueryCapability();
        if ((info.NodeCaps & CapVideoCapture) == 0) return null;
        var formats = new List<CameraFormatInfo>();
        for (uint index = 0; index < MaxEntries; index++)
        {
            var description = new V4l2FormatDescription { Index = index, Type = BufferTypeVideoCapture };
            if (!device.EnumerateFormat(ref description)) break;
            formats.Add(new CameraFormatInfo(FourccText(description.PixelFormat), description.DescriptionText,
                Sizes(device, description.PixelFormat)));
        }
        return new CameraInfo(device.Path, info.Card, info.Driver, formats);
    }

    private static List<CameraSizeInfo> Sizes(IV4l2Device device, uint fourcc)
    {
        var sizes = new List<(int W, int H)>();
        for (uint index = 0; index < MaxEntries; index++)
        {
            var size = new V4l2FrameSizeEnum { Index = index, PixelFormat = fourcc };
            if (!device.EnumerateFrameSize(ref size)) break;
            if (size.Type == V4l2FrameSizeEnum.TypeDiscrete)
            {
                sizes.Add(((int)size.Width, (int)size.Height));
                continue;
            }
            // A range comes as the only entry: its ends, and the usual sizes that lie on its steps.
            sizes.Add(((int)size.MinWidth, (int)size.MinHeight));
            foreach (var (w, h) in CommonSizes)
                if (OnSteps(w, size.MinWidth, size.MaxWidth, size.StepWidth) && OnSteps(h, size.MinHeight, size.MaxHeight, size.StepHeight))
                    sizes.Add((w, h));
            sizes.Add(((int)size.MaxWidth, (int)size.MaxHeight));
            break;
        }
        return sizes.Distinct()
            .OrderBy(s => (long)s.W * s.H).ThenBy(s => s.W)
            .Select(s => new CameraSizeInfo(s.W, s.H, Rates(device, fourcc, s.W, s.H)))
            .ToList();
    }

    private static bool OnSteps(int value, uint min, uint max, uint step) =>
        value >= min && value <= max && (step <= 1 || (value - min) % step == 0);

    private static List<double> Rates(IV4l2Device device, uint fourcc, int width, int height)
    {
        var rates = new List<double>();
        for (uint index = 0; index < MaxEntries; index++)
        {
            var interval = new V4l2FrameIntervalEnum { Index = index, PixelFormat = fourcc, Width = (uint)width, Height = (uint)height };
            if (!device.EnumerateFrameInterval(ref interval)) break;
            if (interval.Type == V4l2FrameIntervalEnum.TypeDiscrete)
            {
                AddRate(rates, interval.Numerator, interval.Denominator);
                continue;
            }
            // The fastest rate is the shortest interval (min), the slowest the longest (max).
            AddRate(rates, interval.MinNumerator, interval.MinDenominator);
            AddRate(rates, interval.MaxNumerator, interval.MaxDenominator);
            break;
        }
        return rates.Distinct().OrderByDescending(r => r).ToList();
    }

    /// <summary>An interval of numerator/denominator seconds is denominator/numerator frames a second.</summary>
    private static void AddRate(List<double> rates, uint numerator, uint denominator)
    {
        if (numerator > 0 && denominator > 0) rates.Add(Math.Round((double)denominator / numerator, 2));
    }
}
