using LiveStyle.Core.Imaging;
using LiveStyle.Core.Pipeline;
using LiveStyle.Core.Threading;
using NUnit.Framework;
using OpenCvSharp;

namespace LiveStyle.Tests.Imaging;

/// <summary>
/// The upsamplers that bring a half-size stylization up to the output size: on a scene with one hard
/// vertical edge (dark left, bright right) whose colour image is the guide's own colours at half size.
/// </summary>
public class UpsamplerTests
{
    private const int LowWidth = 40;
    private const int LowHeight = 20;
    /// <summary>The edge's column at the large size: odd, so at the small size it falls inside a pixel (that pixel holds a blend).</summary>
    private const int EdgeColumn = 41;

    private static Mat Scene(int width, int height, int edge)
    {
        var mat = new Mat(height, width, MatType.CV_8UC3, new Scalar(40, 40, 40));
        mat[new Rect(edge, 0, width - edge, height)].SetTo(new Scalar(220, 200, 180));
        return mat;
    }

    /// <summary>The large scene at half size, averaged as a camera frame scaled down would be, in planes.</summary>
    private static PlanarImage Small(Mat large)
    {
        using var small = new Mat();
        Cv2.Resize(large, small, new Size(LowWidth, LowHeight), 0, 0, InterpolationFlags.Area);
        return ImageConversion.ToPlanar(small);
    }

    private static Mat Upsample(IGuidedUpsampler upsampler, Mat guide)
    {
        var low = Small(guide);
        using var team = new WorkerTeam(1, "upsampler test");
        var output = new Mat();
        upsampler.Upsample(low, low, guide, output, team);
        return output;
    }

    /// <summary>Pixels of one row within ±<paramref name="reach"/> of the edge whose blue differs from both sides' by more than 10 levels.</summary>
    private static int BlurredPixels(Mat image, int reach)
    {
        var blurred = 0;
        for (var x = EdgeColumn - reach; x < EdgeColumn + reach; x++)
        {
            var blue = image.At<Vec3b>(LowHeight, x).Item0;
            if (Math.Abs(blue - 40) > 10 && Math.Abs(blue - 220) > 10) blurred++;
        }
        return blurred;
    }

    [Test]
    public void JointBilateralKeepsTheFramesEdgeWhereBilinearBlursIt()
    {
        using var guide = Scene(2 * LowWidth, 2 * LowHeight, EdgeColumn);
        using var joint = Upsample(new JointBilateralUpsampler(LowWidth, LowHeight, 2 * LowWidth, 2 * LowHeight, Upscaling.Sigma), guide);
        using var bilinear = Upsample(Upscaling.Create(UpscaleMode.Bilinear, LowWidth, LowHeight, 2 * LowWidth, 2 * LowHeight, 2), guide);
        TestContext.Out.WriteLine($"pixels between the two sides near the edge: joint bilateral {BlurredPixels(joint, 4)}, bilinear {BlurredPixels(bilinear, 4)}");
        Assert.That(BlurredPixels(bilinear, 4), Is.GreaterThanOrEqualTo(2), "bilinear spreads the edge");
        Assert.That(BlurredPixels(joint, 4), Is.LessThanOrEqualTo(1), "the joint bilateral upsampler follows the frame's edge");
        Assert.That(joint.At<Vec3b>(LowHeight, EdgeColumn - 1).Item0, Is.EqualTo(40).Within(6), "dark side");
        Assert.That(joint.At<Vec3b>(LowHeight, EdgeColumn).Item0, Is.EqualTo(220).Within(6), "bright side");
    }

    [TestCase(UpscaleMode.JointBilateral)]
    [TestCase(UpscaleMode.Guided)]
    [TestCase(UpscaleMode.Bilinear)]
    public void AFlatImageStaysFlatAtAnySize(UpscaleMode mode)
    {
        using var guide = new Mat(63, 101, MatType.CV_8UC3, new Scalar(30, 120, 200));
        var low = new PlanarImage(LowWidth, LowHeight);
        low.Plane(0).Fill(0.25f);
        low.Plane(1).Fill(0.5f);
        low.Plane(2).Fill(0.75f);
        using var team = new WorkerTeam(1, "upsampler test");
        using var output = new Mat();
        Upscaling.Create(mode, LowWidth, LowHeight, 101, 63, team.Size).Upsample(low, low, guide, output, team);
        Assert.That((output.Width, output.Height), Is.EqualTo((101, 63)));
        var mean = Cv2.Mean(output);
        Cv2.MinMaxLoc(output.Reshape(1), out double min, out double max);
        Assert.That(new[] { mean.Val0, mean.Val1, mean.Val2 }, Is.EqualTo(new[] { 191.0, 128.0, 64.0 }).Within(1.0), "B, G, R from the R, G, B planes");
        Assert.That(max - min, Is.LessThanOrEqualTo(128));
        output.Reshape(1).GetArray(out byte[] bytes);
        for (var i = 0; i < bytes.Length; i++)
            Assert.That(bytes[i], Is.EqualTo(new byte[] { 191, 128, 64 }[i % 3]).Within(1), $"byte {i}");
    }

    [Test]
    public void TheGuidedUpsamplerKeepsTheSmallImageWhereTheGuideIsFlat()
    {
        // A smooth colour ramp under a flat guide: nothing to follow, so it is brought up as bilinear would.
        using var guide = new Mat(2 * LowHeight, 2 * LowWidth, MatType.CV_8UC3, new Scalar(128, 128, 128));
        var low = new PlanarImage(LowWidth, LowHeight);
        for (var c = 0; c < 3; c++)
            for (var i = 0; i < low.PlaneSize; i++) low.Plane(c)[i] = (i % LowWidth) / (float)LowWidth;
        var content = new PlanarImage(LowWidth, LowHeight);
        Array.Fill(content.Data, 128 / 255f);
        using var team = new WorkerTeam(1, "upsampler test");
        using var guided = new Mat();
        using var bilinear = new Mat();
        Upscaling.Create(UpscaleMode.Guided, LowWidth, LowHeight, 2 * LowWidth, 2 * LowHeight, 2).Upsample(low, content, guide, guided, team);
        Upscaling.Create(UpscaleMode.Bilinear, LowWidth, LowHeight, 2 * LowWidth, 2 * LowHeight, 2).Upsample(low, content, guide, bilinear, team);
        Assert.That(ImageAssert.Psnr(guided, bilinear), Is.GreaterThan(45));
    }

    [Test]
    public void BadSizesAreRefused()
    {
        Assert.Throws<ArgumentException>(() => new JointBilateralUpsampler(40, 20, 30, 20, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => new JointBilateralUpsampler(40, 20, 80, 40, 0));
        var upsampler = new JointBilateralUpsampler(LowWidth, LowHeight, 80, 40, 8);
        using var team = new WorkerTeam(0, "upsampler test");
        using var wrongGuide = new Mat(40, 81, MatType.CV_8UC3);
        var low = new PlanarImage(LowWidth, LowHeight);
        Assert.Throws<ArgumentException>(() => upsampler.Upsample(low, low, wrongGuide, new Mat(), team));
    }

    [TestCase(1280, 720, UpscaleMode.JointBilateral, 640, 360)]
    [TestCase(1281, 721, UpscaleMode.Bilinear, 641, 361)]
    [TestCase(1280, 720, UpscaleMode.Full, 1280, 720)]
    [TestCase(854, 480, UpscaleMode.JointBilateral, 854, 480)]   // at and below 480: stylized at the size
    [TestCase(640, 360, UpscaleMode.Guided, 640, 360)]
    public void LargeSizesAreStylizedAtHalf(int width, int height, UpscaleMode mode, int stylizedWidth, int stylizedHeight) =>
        Assert.That(Upscaling.StylizedSize(width, height, mode), Is.EqualTo((stylizedWidth, stylizedHeight)));

    [Test]
    public void ModesParseByName()
    {
        Assert.That(Upscaling.Parse("joint-bilateral"), Is.EqualTo(UpscaleMode.JointBilateral));
        Assert.That(Upscaling.Parse("FULL"), Is.EqualTo(UpscaleMode.Full));
        Assert.That(() => Upscaling.Parse("nearest"), Throws.TypeOf<LiveStyle.Core.LiveStyleException>().With.Message.Contains("joint-bilateral, guided, bilinear, full"));
    }
}
