using OpenCvSharp;

namespace LiveStyle.Core.Imaging;

/// <summary>Between OpenCV's interleaved 8-bit BGR and the networks' planar float RGB in [0,1].</summary>
public static class ImageConversion
{
    private const float ToUnit = 1f / 255f;

    public static PlanarImage ToPlanar(Mat bgr)
    {
        var image = new PlanarImage(bgr.Width, bgr.Height);
        ToPlanar(bgr, image);
        return image;
    }

    /// <summary>Fills <paramref name="target"/> (same size) from an 8-bit BGR image; allocates nothing.</summary>
    public static unsafe void ToPlanar(Mat bgr, PlanarImage target)
    {
        RequireBgr8(bgr, target);
        var r = target.Plane(0);
        var g = target.Plane(1);
        var b = target.Plane(2);
        for (var y = 0; y < target.Height; y++)
        {
            var row = new ReadOnlySpan<byte>((byte*)bgr.Ptr(y), target.Width * 3);
            var offset = y * target.Width;
            for (var x = 0; x < target.Width; x++)
            {
                b[offset + x] = row[3 * x] * ToUnit;
                g[offset + x] = row[3 * x + 1] * ToUnit;
                r[offset + x] = row[3 * x + 2] * ToUnit;
            }
        }
    }

    public static Mat ToBgr(PlanarImage image)
    {
        var bgr = new Mat(image.Height, image.Width, MatType.CV_8UC3);
        ToBgr(image, bgr);
        return bgr;
    }

    /// <summary>Writes <paramref name="image"/> into an 8-bit BGR Mat of the same size (clamped, rounded).</summary>
    public static unsafe void ToBgr(PlanarImage image, Mat target)
    {
        RequireBgr8(target, image);
        var r = image.Plane(0);
        var g = image.Plane(1);
        var b = image.Plane(2);
        for (var y = 0; y < image.Height; y++)
        {
            var row = new Span<byte>((byte*)target.Ptr(y), image.Width * 3);
            var offset = y * image.Width;
            for (var x = 0; x < image.Width; x++)
            {
                row[3 * x] = ToByte(b[offset + x]);
                row[3 * x + 1] = ToByte(g[offset + x]);
                row[3 * x + 2] = ToByte(r[offset + x]);
            }
        }
    }

    private static byte ToByte(float v) => (byte)(Math.Clamp(v, 0f, 1f) * 255f + 0.5f);

    private static void RequireBgr8(Mat bgr, PlanarImage image)
    {
        if (bgr.Type() != MatType.CV_8UC3)
            throw new ArgumentException($"expected an 8-bit 3-channel image, got {bgr.Type()}");
        if (bgr.Width != image.Width || bgr.Height != image.Height)
            throw new ArgumentException($"size mismatch: {bgr.Width}×{bgr.Height} vs {image.Width}×{image.Height}");
    }
}
