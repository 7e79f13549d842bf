using LiveStyle.Core.Sinks.VirtualCamera;
using NUnit.Framework;

namespace LiveStyle.Tests.VirtualCamera;

public class YuvConversionTests
{
    // The BT.601 limited-range formulas in double precision: the reference the fixed point must match.
    private static double Y(double r, double g, double b) => 16 + (65.738 * r + 129.057 * g + 25.064 * b) / 256;
    private static double Cb(double r, double g, double b) => 128 + (-37.945 * r - 74.494 * g + 112.439 * b) / 256;
    private static double Cr(double r, double g, double b) => 128 + (112.439 * r - 94.154 * g - 18.285 * b) / 256;

    [TestCase(255, 255, 255, 235, 128, 128)]
    [TestCase(0, 0, 0, 16, 128, 128)]
    [TestCase(255, 0, 0, 81, 90, 240)]
    [TestCase(0, 255, 0, 145, 54, 34)]
    [TestCase(0, 0, 255, 41, 240, 110)]
    [TestCase(128, 128, 128, 126, 128, 128)]
    public void KnownColoursInEveryLayout(int r, int g, int b, int y, int cb, int cr)
    {
        Assert.That(Math.Round(Y(r, g, b)), Is.EqualTo(y), "test data vs formula (Y)");
        Assert.That(Math.Round(Cb(r, g, b)), Is.EqualTo(cb), "test data vs formula (Cb)");
        Assert.That(Math.Round(Cr(r, g, b)), Is.EqualTo(cr), "test data vs formula (Cr)");

        const int w = 4, h = 2;
        var bgr = Solid(w, h, r, g, b);

        var yuyv = new byte[YuvConversion.YuyvSize(w, h)];
        YuvConversion.BgrToYuyv(bgr, w, h, w * 3, yuyv);
        for (var i = 0; i < yuyv.Length; i += 4)
            Assert.That(yuyv[i..(i + 4)], Is.EqualTo(new[] { y, cb, y, cr }.Select(v => (byte)v)), $"YUYV at {i}");

        var i420 = new byte[YuvConversion.I420Size(w, h)];
        YuvConversion.BgrToI420(bgr, w, h, w * 3, i420);
        Assert.That(i420, Is.EqualTo(Repeat(y, 8).Concat(Repeat(cb, 2)).Concat(Repeat(cr, 2))));

        var nv12 = new byte[YuvConversion.Nv12Size(w, h)];
        YuvConversion.BgrToNv12(bgr, w, h, w * 3, nv12);
        Assert.That(nv12, Is.EqualTo(Repeat(y, 8).Concat([(byte)cb, (byte)cr, (byte)cb, (byte)cr])));
    }

    [Test]
    public void RandomImageMatchesDoublePrecisionWithinOne()
    {
        const int w = 38, h = 26, stride = w * 3 + 5;  // a padded stride, like a cropped Mat
        var rng = new Random(601);
        var bgr = new byte[h * stride];
        rng.NextBytes(bgr);
        int R(int x, int y) => bgr[y * stride + 3 * x + 2];
        int G(int x, int y) => bgr[y * stride + 3 * x + 1];
        int B(int x, int y) => bgr[y * stride + 3 * x];

        var yuyv = new byte[YuvConversion.YuyvSize(w, h)];
        var i420 = new byte[YuvConversion.I420Size(w, h)];
        var nv12 = new byte[YuvConversion.Nv12Size(w, h)];
        YuvConversion.BgrToYuyv(bgr, w, h, stride, yuyv);
        YuvConversion.BgrToI420(bgr, w, h, stride, i420);
        YuvConversion.BgrToNv12(bgr, w, h, stride, nv12);

        var worst = 0.0;
        void Near(byte actual, double expected, string what)
        {
            var d = Math.Abs(actual - expected);
            worst = Math.Max(worst, d);
            Assert.That(d, Is.LessThanOrEqualTo(1.0), what);
        }

        for (var y = 0; y < h; y++)
        for (var x = 0; x < w; x++)
        {
            var luma = Y(R(x, y), G(x, y), B(x, y));
            Near(yuyv[y * w * 2 + x * 2], luma, $"YUYV Y at {x},{y}");
            Near(i420[y * w + x], luma, $"I420 Y at {x},{y}");
            Near(nv12[y * w + x], luma, $"NV12 Y at {x},{y}");
        }

        for (var y = 0; y < h; y++)
        for (var x = 0; x < w; x += 2)
        {
            double r = (R(x, y) + R(x + 1, y)) / 2.0, g = (G(x, y) + G(x + 1, y)) / 2.0, b = (B(x, y) + B(x + 1, y)) / 2.0;
            Near(yuyv[y * w * 2 + x * 2 + 1], Cb(r, g, b), $"YUYV Cb at {x},{y}");
            Near(yuyv[y * w * 2 + x * 2 + 3], Cr(r, g, b), $"YUYV Cr at {x},{y}");
        }

        var chroma = w * h / 4;
        for (var y = 0; y < h; y += 2)
        for (var x = 0; x < w; x += 2)
        {
            double r = (R(x, y) + R(x + 1, y) + R(x, y + 1) + R(x + 1, y + 1)) / 4.0;
            double g = (G(x, y) + G(x + 1, y) + G(x, y + 1) + G(x + 1, y + 1)) / 4.0;
            double b = (B(x, y) + B(x + 1, y) + B(x, y + 1) + B(x + 1, y + 1)) / 4.0;
            var c = y / 2 * (w / 2) + x / 2;
            Near(i420[w * h + c], Cb(r, g, b), $"I420 Cb at {x},{y}");
            Near(i420[w * h + chroma + c], Cr(r, g, b), $"I420 Cr at {x},{y}");
            Near(nv12[w * h + 2 * c], Cb(r, g, b), $"NV12 Cb at {x},{y}");
            Near(nv12[w * h + 2 * c + 1], Cr(r, g, b), $"NV12 Cr at {x},{y}");
        }
        TestContext.Out.WriteLine($"largest deviation from double precision: {worst:F3}");
    }

    [Test]
    public void PlanesSitWhereTheLayoutsSay()
    {
        // Left half red, right half blue, top row pair and bottom row pair distinct: each chroma
        // sample must come from its own 2×2 block.
        const int w = 4, h = 4;
        var bgr = new byte[w * h * 3];
        for (var y = 0; y < h; y++)
        for (var x = 0; x < w; x++)
        {
            var (r, g, b) = (x < 2, y < 2) switch
            {
                (true, true) => (255, 0, 0),
                (false, true) => (0, 0, 255),
                (true, false) => (0, 255, 0),
                _ => (255, 255, 255),
            };
            bgr[(y * w + x) * 3] = (byte)b;
            bgr[(y * w + x) * 3 + 1] = (byte)g;
            bgr[(y * w + x) * 3 + 2] = (byte)r;
        }

        var i420 = new byte[24];
        YuvConversion.BgrToI420(bgr, w, h, w * 3, i420);
        Assert.That(i420[..16], Is.EqualTo(new byte[] { 81, 81, 41, 41, 81, 81, 41, 41, 145, 145, 235, 235, 145, 145, 235, 235 }), "Y plane");
        Assert.That(i420[16..20], Is.EqualTo(new byte[] { 90, 240, 54, 128 }), "Cb plane");
        Assert.That(i420[20..24], Is.EqualTo(new byte[] { 240, 110, 34, 128 }), "Cr plane");

        var nv12 = new byte[24];
        YuvConversion.BgrToNv12(bgr, w, h, w * 3, nv12);
        Assert.That(nv12[..16], Is.EqualTo(i420[..16]), "Y plane");
        Assert.That(nv12[16..], Is.EqualTo(new byte[] { 90, 240, 240, 110, 54, 34, 128, 128 }), "interleaved CbCr");
    }

    [Test]
    public void SizesOfTheLayouts()
    {
        Assert.That(YuvConversion.YuyvSize(640, 480), Is.EqualTo(614_400));
        Assert.That(YuvConversion.I420Size(640, 480), Is.EqualTo(460_800));
        Assert.That(YuvConversion.Nv12Size(1280, 720), Is.EqualTo(1_382_400));
    }

    [Test]
    public void OddSizesAndShortBuffersAreRefused()
    {
        var bgr = new byte[5 * 4 * 3];
        Assert.Throws<ArgumentException>(() => YuvConversion.BgrToYuyv(bgr, 5, 4, 15, new byte[40]));
        Assert.DoesNotThrow(() => YuvConversion.BgrToYuyv(bgr, 4, 3, 15, new byte[24]), "YUYV allows an odd height");
        Assert.Throws<ArgumentException>(() => YuvConversion.BgrToI420(bgr, 4, 3, 15, new byte[18]));
        Assert.Throws<ArgumentException>(() => YuvConversion.BgrToNv12(bgr, 4, 3, 15, new byte[18]));
        Assert.Throws<ArgumentException>(() => YuvConversion.BgrToNv12(bgr, 4, 4, 15, new byte[23]), "target too short");
        Assert.Throws<ArgumentException>(() => YuvConversion.BgrToNv12(bgr, 4, 4, 17, new byte[24]), "source too short for stride");
    }

    private static byte[] Solid(int w, int h, int r, int g, int b)
    {
        var bgr = new byte[w * h * 3];
        for (var i = 0; i < bgr.Length; i += 3)
            (bgr[i], bgr[i + 1], bgr[i + 2]) = ((byte)b, (byte)g, (byte)r);
        return bgr;
    }

    private static IEnumerable<byte> Repeat(int value, int count) => Enumerable.Repeat((byte)value, count);
}
