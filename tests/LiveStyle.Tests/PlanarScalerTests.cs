using LiveStyle.Core.Imaging;
using NUnit.Framework;
using OpenCvSharp;

namespace LiveStyle.Tests;

public class PlanarScalerTests
{
    private static Mat Photo(int width, int height)
    {
        using var photo = Cv2.ImRead(Path.Combine(TestEnvironment.ContentImages, "chicago.jpg"));
        return ImageResize.Resize(photo, width, height);
    }

    [TestCase(640, 360, 455, 256)]   // a camera frame to the inference size
    [TestCase(640, 480, 64, 48)]     // a large integer factor
    [TestCase(203, 117, 203, 117)]   // same size is a plain conversion
    public void ShrinkingMatchesOpenCvAreaResampling(int sw, int sh, int tw, int th)
    {
        using var source = Photo(sw, sh);
        var scaled = new PlanarImage(tw, th);
        new PlanarScaler(sw, sh, tw, th).Scale(source, scaled);

        using var reference = new Mat();
        Cv2.Resize(source, reference, new Size(tw, th), 0, 0, InterpolationFlags.Area);
        using var ours = ImageConversion.ToBgr(scaled);
        Assert.That(ImageAssert.MaxAbsDifference(ours, reference), Is.LessThanOrEqualTo(2));
    }

    /// <summary>Bands of rows on a team of threads give the same planes as one thread, for shrinking, enlarging and odd sizes.</summary>
    [TestCase(640, 360, 455, 256)]
    [TestCase(100, 60, 250, 150)]
    [TestCase(203, 117, 203, 117)]
    public void ATeamOfThreadsScalesExactlyAsOneThreadDoes(int sw, int sh, int tw, int th)
    {
        using var source = Photo(sw, sh);
        var alone = new PlanarImage(tw, th);
        var shared = new PlanarImage(tw, th);
        var scaler = new PlanarScaler(sw, sh, tw, th);
        scaler.Scale(source, alone);
        using var team = new LiveStyle.Core.Threading.WorkerTeam(3, "test");
        scaler.Scale(source, shared, team);
        Assert.That(shared.Data, Is.EqualTo(alone.Data));
    }

    [Test]
    public void EnlargingInterpolatesLikeOpenCvLinear()
    {
        using var source = Photo(100, 60);
        var scaled = new PlanarImage(250, 150);
        new PlanarScaler(100, 60, 250, 150).Scale(source, scaled);

        using var reference = new Mat();
        Cv2.Resize(source, reference, new Size(250, 150), 0, 0, InterpolationFlags.Linear);
        using var ours = ImageConversion.ToBgr(scaled);
        Assert.That(ImageAssert.Psnr(ours, reference), Is.GreaterThan(40));
    }

    [Test]
    public void ChannelsGoToTheirPlanes()
    {
        using var blue = new Mat(20, 30, MatType.CV_8UC3, new Scalar(255, 0, 0));
        var scaled = new PlanarImage(15, 10);
        new PlanarScaler(30, 20, 15, 10).Scale(blue, scaled);
        Assert.That(scaled.Plane(0).ToArray(), Is.All.EqualTo(0f));
        Assert.That(scaled.Plane(2).ToArray(), Is.All.EqualTo(1f).Within(1e-6));
    }
}
