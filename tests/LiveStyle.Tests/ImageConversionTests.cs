using LiveStyle.Core.Imaging;
using NUnit.Framework;
using OpenCvSharp;

namespace LiveStyle.Tests;

public class ImageConversionTests
{
    /// <summary>
    /// The planar → BGR conversion (16 pixels a step where the CPU allows) gives, byte for byte, the
    /// clamped round-half-up of every value: out of range, NaN, infinities and exact halves included,
    /// at widths around the vector steps' end.
    /// </summary>
    [TestCase(1, 3)]
    [TestCase(21, 2)]
    [TestCase(22, 2)]
    [TestCase(37, 3)]
    [TestCase(38, 3)]
    [TestCase(640, 4)]
    public void ToBgrClampsAndRoundsEveryPixel(int width, int height)
    {
        var random = new Random(width * 1000 + height);
        float[] special = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f, -1e-8f, 1f, 1.0000001f, 0.5f / 255, 2.5f / 255, 254.5f / 255];
        var image = new PlanarImage(width, height);
        for (var i = 0; i < image.Data.Length; i++)
            image.Data[i] = random.Next(5) == 0 ? special[random.Next(special.Length)] : (float)(random.NextDouble() * 1.4 - 0.2);

        using var bgr = ImageConversion.ToBgr(image);

        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var pixel = bgr.At<Vec3b>(y, x);
                for (var c = 0; c < 3; c++)
                {
                    var value = image.Data[(2 - c) * image.PlaneSize + y * width + x];
                    var expected = float.IsNaN(value) ? (byte)0 : (byte)(Math.Clamp(value, 0f, 1f) * 255f + 0.5f);
                    Assert.That(pixel[c], Is.EqualTo(expected), $"pixel ({x}, {y}) channel {c} from {value:R}");
                }
            }
    }

    /// <summary>BGR → planar (16 pixels a step where the CPU allows): every byte over 255, into the right plane.</summary>
    [TestCase(1, 2)]
    [TestCase(21, 2)]
    [TestCase(22, 3)]
    [TestCase(38, 2)]
    [TestCase(640, 3)]
    public void ToPlanarSplitsEveryPixel(int width, int height)
    {
        var random = new Random(width + 7 * height);
        using var bgr = new Mat(height, width, MatType.CV_8UC3);
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
                bgr.Set(y, x, new Vec3b((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)));

        var planar = ImageConversion.ToPlanar(bgr);

        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var pixel = bgr.At<Vec3b>(y, x);
                for (var c = 0; c < 3; c++)
                    Assert.That(planar.Data[c * planar.PlaneSize + y * width + x], Is.EqualTo(pixel[2 - c] * (1f / 255f)), $"pixel ({x}, {y}) channel {c}");
            }
    }
}
