using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
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
    public static void ToPlanar(Mat bgr, PlanarImage target)
    {
        RequireBgr8(bgr, target);
        ToPlanarRows(bgr, target, 0, target.Height);
    }

    /// <summary>Rows [<paramref name="firstRow"/>, <paramref name="endRow"/>) of <see cref="ToPlanar(Mat, PlanarImage)"/> (sizes checked by the caller).</summary>
    internal static unsafe void ToPlanarRows(Mat bgr, PlanarImage target, int firstRow, int endRow)
    {
        var r = target.Plane(0);
        var g = target.Plane(1);
        var b = target.Plane(2);
        for (var y = firstRow; y < endRow; y++)
        {
            var row = new ReadOnlySpan<byte>((byte*)bgr.Ptr(y), target.Width * 3);
            var offset = y * target.Width;
            var x = Avx512Vbmi.IsSupported ? ToPlanarVectors(row, r[offset..], g[offset..], b[offset..]) : 0;
            for (; x < target.Width; x++)
            {
                b[offset + x] = row[3 * x] * ToUnit;
                g[offset + x] = row[3 * x + 1] * ToUnit;
                r[offset + x] = row[3 * x + 2] * ToUnit;
            }
        }
    }

    /// <summary>Which byte of 16 BGR pixels (48 bytes) each channel's 16 values come from.</summary>
    private static readonly Vector512<byte> BlueBytes = ChannelBytes(0), GreenBytes = ChannelBytes(1), RedBytes = ChannelBytes(2);

    private static Vector512<byte> ChannelBytes(int channel) =>
        Vector512.Create([.. Enumerable.Range(0, 16).Select(p => (byte)(3 * p + channel)), .. new byte[48]]);

    /// <summary>16 pixels a step while a 64-byte load stays in the row; returns the first pixel it did not convert.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ToPlanarVectors(ReadOnlySpan<byte> row, Span<float> r, Span<float> g, Span<float> b)
    {
        var width = row.Length / 3;
        ref var source = ref MemoryMarshal.GetReference(row);
        ref var rr = ref MemoryMarshal.GetReference(r);
        ref var gg = ref MemoryMarshal.GetReference(g);
        ref var bb = ref MemoryMarshal.GetReference(b);
        var toUnit = Vector512.Create(ToUnit);
        var x = 0;
        for (; x + 22 <= width; x += 16)
        {
            var pixels = Vector512.LoadUnsafe(ref source, (nuint)(3 * x));
            (Channel(pixels, BlueBytes) * toUnit).StoreUnsafe(ref bb, (nuint)x);
            (Channel(pixels, GreenBytes) * toUnit).StoreUnsafe(ref gg, (nuint)x);
            (Channel(pixels, RedBytes) * toUnit).StoreUnsafe(ref rr, (nuint)x);
        }
        return x;
    }

    private static Vector512<float> Channel(Vector512<byte> pixels, Vector512<byte> bytes) =>
        Avx512F.ConvertToVector512Single(Avx512F.ConvertToVector512Int32(Avx512Vbmi.PermuteVar64x8(pixels, bytes).GetLower().GetLower()));

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
            var x = Avx512Vbmi.IsSupported ? ToBgrVectors(r[offset..], g[offset..], b[offset..], row) : 0;
            for (; x < image.Width; x++)
            {
                row[3 * x] = ToByte(b[offset + x]);
                row[3 * x + 1] = ToByte(g[offset + x]);
                row[3 * x + 2] = ToByte(r[offset + x]);
            }
        }
    }

    private static byte ToByte(float v) => (byte)(Math.Clamp(v, 0f, 1f) * 255f + 0.5f);

    /// <summary>Bytes 0–2 of each of 16 little-endian pixels (b | g « 8 | r « 16): 48 bytes of BGR.</summary>
    private static readonly Vector512<byte> PackPixels = Vector512.Create(
        [.. Enumerable.Range(0, 16).SelectMany(p => new[] { (byte)(4 * p), (byte)(4 * p + 1), (byte)(4 * p + 2) }), .. new byte[16]]);

    /// <summary>
    /// The same conversion as <see cref="ToByte"/>, 16 pixels a step while a 64-byte store stays in
    /// the row (the live view converts every frame: 0.6 ms at 640×360 one pixel at a time); returns
    /// the first pixel it did not convert.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ToBgrVectors(ReadOnlySpan<float> r, ReadOnlySpan<float> g, ReadOnlySpan<float> b, Span<byte> row)
    {
        var width = row.Length / 3;
        ref var rr = ref MemoryMarshal.GetReference(r);
        ref var gg = ref MemoryMarshal.GetReference(g);
        ref var bb = ref MemoryMarshal.GetReference(b);
        ref var target = ref MemoryMarshal.GetReference(row);
        var x = 0;
        for (; x + 22 <= width; x += 16)
        {
            var pixels = Level(Vector512.LoadUnsafe(ref bb, (nuint)x))
                | (Level(Vector512.LoadUnsafe(ref gg, (nuint)x)) << 8)
                | (Level(Vector512.LoadUnsafe(ref rr, (nuint)x)) << 16);
            Avx512Vbmi.PermuteVar64x8(pixels.AsByte(), PackPixels).StoreUnsafe(ref target, (nuint)(3 * x));
        }
        return x;
    }

    /// <summary>Clamped to [0, 1] (NaN to 0, as the scalar conversion), × 255, rounded half up.</summary>
    private static Vector512<int> Level(Vector512<float> v) =>
        Avx512F.ConvertToVector512Int32WithTruncation(Avx512F.Min(Avx512F.Max(v, Vector512<float>.Zero), Vector512<float>.One) * 255f + Vector512.Create(0.5f));

    private static void RequireBgr8(Mat bgr, PlanarImage image)
    {
        if (bgr.Type() != MatType.CV_8UC3)
            throw new ArgumentException($"expected an 8-bit 3-channel image, got {bgr.Type()}");
        if (bgr.Width != image.Width || bgr.Height != image.Height)
            throw new ArgumentException($"size mismatch: {bgr.Width}×{bgr.Height} vs {image.Width}×{image.Height}");
    }
}
