namespace LiveStyle.Core.Sinks.VirtualCamera;

/// <summary>
/// 8-bit BGR → the YUV layouts virtual cameras take, with BT.601 limited-range ("studio swing")
/// coefficients in 16.16 fixed point, rounded. Chroma is computed from the average colour of the
/// 2 (YUYV) or 2×2 (I420, NV12) pixels it covers. Allocation-free: the caller owns every buffer.
/// <para>
/// Sizes must be even where the layout subsamples (YUYV: width; I420/NV12: width and height);
/// odd sizes throw, and the sinks crop the odd last column/row away before converting.
/// The source is rows of <c>width × 3</c> bytes, <c>bgrStride</c> bytes apart (an OpenCV Mat's step).
/// </para>
/// </summary>
public static class YuvConversion
{
    // round(coefficient × 256): the formulas' /256 becomes a 16-bit shift.
    private const int YR = 16829, YG = 33039, YB = 6416;          // 65.738, 129.057, 25.064
    private const int UR = -9714, UG = -19070, UB = 28784;        // -37.945, -74.494, 112.439
    private const int VR = 28784, VG = -24103, VB = -4681;        // 112.439, -94.154, -18.285
    private const int Shift = 16;

    public static int YuyvSize(int width, int height) => width * height * 2;
    public static int I420Size(int width, int height) => width * height * 3 / 2;
    public static int Nv12Size(int width, int height) => width * height * 3 / 2;

    /// <summary>The luma of one pixel (16…235).</summary>
    public static byte Luma(int r, int g, int b) => (byte)(16 + ((YR * r + YG * g + YB * b + (1 << (Shift - 1))) >> Shift));

    /// <summary>Cb and Cr (16…240) of the average of <paramref name="count"/> pixels whose channel sums are given; count is 1, 2 or 4.</summary>
    public static (byte Cb, byte Cr) Chroma(int sumR, int sumG, int sumB, int count)
    {
        var shift = Shift + (count >> 1);  // 1 → 16, 2 → 17, 4 → 18: dividing by the count too
        var half = 1 << (shift - 1);
        var cb = 128 + ((UR * sumR + UG * sumG + UB * sumB + half) >> shift);
        var cr = 128 + ((VR * sumR + VG * sumG + VB * sumB + half) >> shift);
        return ((byte)cb, (byte)cr);
    }

    /// <summary>Packed 4:2:2, bytes Y0 Cb Y1 Cr per pixel pair; <paramref name="yuyv"/> holds <see cref="YuyvSize"/> bytes.</summary>
    public static void BgrToYuyv(ReadOnlySpan<byte> bgr, int width, int height, int bgrStride, Span<byte> yuyv)
    {
        Check(bgr, width, height, bgrStride, evenHeight: false);
        RequireLength(yuyv, YuyvSize(width, height), "YUYV");
        for (var y = 0; y < height; y++)
            YuyvRow(bgr.Slice(y * bgrStride, width * 3), yuyv.Slice(y * width * 2, width * 2));
    }

    /// <summary>Planar 4:2:0: the Y plane (width × height), then Cb and Cr planes of (width/2 × height/2).</summary>
    public static void BgrToI420(ReadOnlySpan<byte> bgr, int width, int height, int bgrStride, Span<byte> i420)
    {
        Check(bgr, width, height, bgrStride, evenHeight: true);
        RequireLength(i420, I420Size(width, height), "I420");
        var lumaSize = width * height;
        var chromaSize = lumaSize / 4;
        var yPlane = i420[..lumaSize];
        var uPlane = i420.Slice(lumaSize, chromaSize);
        var vPlane = i420.Slice(lumaSize + chromaSize, chromaSize);
        var half = width / 2;
        for (var y = 0; y < height; y += 2)
        {
            var top = bgr.Slice(y * bgrStride, width * 3);
            var bottom = bgr.Slice((y + 1) * bgrStride, width * 3);
            LumaRow(top, yPlane.Slice(y * width, width));
            LumaRow(bottom, yPlane.Slice((y + 1) * width, width));
            var row = y / 2 * half;
            ChromaRow(top, bottom, uPlane.Slice(row, half), vPlane.Slice(row, half), step: 1);
        }
    }

    /// <summary>The Y plane (width × height), then one plane of interleaved Cb,Cr pairs (width × height/2 bytes).</summary>
    public static void BgrToNv12(ReadOnlySpan<byte> bgr, int width, int height, int bgrStride, Span<byte> nv12)
    {
        Check(bgr, width, height, bgrStride, evenHeight: true);
        RequireLength(nv12, Nv12Size(width, height), "NV12");
        var lumaSize = width * height;
        var yPlane = nv12[..lumaSize];
        var uvPlane = nv12[lumaSize..Nv12Size(width, height)];
        for (var y = 0; y < height; y += 2)
        {
            var top = bgr.Slice(y * bgrStride, width * 3);
            var bottom = bgr.Slice((y + 1) * bgrStride, width * 3);
            LumaRow(top, yPlane.Slice(y * width, width));
            LumaRow(bottom, yPlane.Slice((y + 1) * width, width));
            var uv = uvPlane.Slice(y / 2 * width, width);
            ChromaRow(top, bottom, uv, uv[1..], step: 2);
        }
    }

    private static void YuyvRow(ReadOnlySpan<byte> bgr, Span<byte> yuyv)
    {
        for (var x = 0; x < yuyv.Length / 4; x++)
        {
            var p = bgr.Slice(x * 6, 6);
            int b0 = p[0], g0 = p[1], r0 = p[2], b1 = p[3], g1 = p[4], r1 = p[5];
            var (cb, cr) = Chroma(r0 + r1, g0 + g1, b0 + b1, 2);
            var o = yuyv.Slice(x * 4, 4);
            o[0] = Luma(r0, g0, b0);
            o[1] = cb;
            o[2] = Luma(r1, g1, b1);
            o[3] = cr;
        }
    }

    private static void LumaRow(ReadOnlySpan<byte> bgr, Span<byte> luma)
    {
        for (var x = 0; x < luma.Length; x++)
            luma[x] = Luma(bgr[3 * x + 2], bgr[3 * x + 1], bgr[3 * x]);
    }

    /// <summary>One row of 2×2-averaged chroma: Cb to cb[0], cb[step], …; Cr likewise (step 1: I420 planes; step 2: NV12 pairs).</summary>
    private static void ChromaRow(ReadOnlySpan<byte> top, ReadOnlySpan<byte> bottom, Span<byte> cb, Span<byte> cr, int step)
    {
        var count = top.Length / 6;
        for (var x = 0; x < count; x++)
        {
            var t = top.Slice(x * 6, 6);
            var d = bottom.Slice(x * 6, 6);
            var (u, v) = Chroma(t[2] + t[5] + d[2] + d[5], t[1] + t[4] + d[1] + d[4], t[0] + t[3] + d[0] + d[3], 4);
            cb[x * step] = u;
            cr[x * step] = v;
        }
    }

    private static void Check(ReadOnlySpan<byte> bgr, int width, int height, int bgrStride, bool evenHeight)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentException($"image size must be positive, got {width}×{height}");
        if (width % 2 != 0 || (evenHeight && height % 2 != 0))
            throw new ArgumentException($"chroma subsampling needs an even {(evenHeight ? "width and height" : "width")}, got {width}×{height}");
        if (bgrStride < width * 3)
            throw new ArgumentException($"BGR stride {bgrStride} is shorter than a row of {width} pixels");
        var needed = (long)(height - 1) * bgrStride + width * 3;
        if (bgr.Length < needed)
            throw new ArgumentException($"BGR buffer holds {bgr.Length} bytes; {width}×{height} with stride {bgrStride} needs {needed}");
    }

    private static void RequireLength(Span<byte> target, int size, string layout)
    {
        if (target.Length < size)
            throw new ArgumentException($"{layout} buffer holds {target.Length} bytes, needs {size}");
    }
}
