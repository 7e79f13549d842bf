using LiveStyle.Core;
using LiveStyle.Core.Sources;
using NUnit.Framework;
using OpenCvSharp;

namespace LiveStyle.Tests.Sources;

public class StillImageSourceTests
{
    private string _dir = "";

    [SetUp] public void CreateDirectory() => _dir = TestEnvironment.NewTempDirectory();
    [TearDown] public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void RepeatsTheImageAt30Fps()
    {
        var path = Path.Combine(_dir, "still.png");
        using (var image = new Mat(40, 60, MatType.CV_8UC3, new Scalar(10, 120, 230)))
        {
            Cv2.Circle(image, new Point(30, 20), 10, new Scalar(255, 255, 255), -1);
            Cv2.ImWrite(path, image);
        }

        using var still = new StillImageSource(path);
        Assert.That((still.Name, still.FramesPerSecond, still.IsLive), Is.EqualTo(("still.png", 30.0, false)));

        using var first = new Mat();
        using var second = new Mat();
        Assert.That(still.Read(first), Is.True);
        Assert.That(still.Read(second), Is.True);
        Assert.That((first.Width, first.Height, first.Type()), Is.EqualTo((60, 40, MatType.CV_8UC3)));
        Assert.That(TestPatternSourceTests.MeanAbsoluteDifference(first, second), Is.Zero);
        Assert.That(first.At<Vec3b>(0, 0), Is.EqualTo(new Vec3b(10, 120, 230)));
        Assert.That(first.At<Vec3b>(20, 30), Is.EqualTo(new Vec3b(255, 255, 255)));
    }

    [Test]
    public void MissingImage()
    {
        var e = Assert.Throws<LiveStyleException>(() => new StillImageSource(Path.Combine(_dir, "nope.png")));
        Assert.That(e!.Message, Does.StartWith("image not found"));
    }

    [Test]
    public void CorruptImage()
    {
        var path = Path.Combine(_dir, "broken.jpg");
        File.WriteAllText(path, "not a JPEG");
        var e = Assert.Throws<LiveStyleException>(() => new StillImageSource(path));
        Assert.That(e!.Message, Does.Contain("not a readable image"));
    }
}
