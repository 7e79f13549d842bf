using LiveStyle.Core.Sources;
using NUnit.Framework;
using OpenCvSharp;

namespace LiveStyle.Tests.Sources;

public class TestPatternSourceTests
{
    [Test]
    public void DefaultsTo640x360At30FpsAndPacedByTheLoop()
    {
        using var pattern = new TestPatternSource();
        using var frame = new Mat();
        Assert.That(pattern.Read(frame), Is.True);
        Assert.That((frame.Width, frame.Height, frame.Type()), Is.EqualTo((640, 360, MatType.CV_8UC3)));
        Assert.That(pattern.FramesPerSecond, Is.EqualTo(30));
        Assert.That(pattern.IsLive, Is.False);
        Assert.That(pattern.Name, Is.EqualTo("test pattern"));
    }

    [Test]
    public void SizeAndRateAreConfigurable()
    {
        using var pattern = new TestPatternSource(320, 240, 50);
        using var frame = new Mat();
        pattern.Read(frame);
        Assert.That((frame.Width, frame.Height, pattern.FramesPerSecond), Is.EqualTo((320, 240, 50.0)));
    }

    [Test]
    public void Animates()
    {
        using var pattern = new TestPatternSource();
        using var first = new Mat();
        using var next = new Mat();
        using var later = new Mat();
        pattern.Render(0, first);
        pattern.Render(1, next);
        pattern.Render(60, later);
        Assert.That(MeanAbsoluteDifference(first, next), Is.GreaterThan(0.1), "consecutive frames differ");
        Assert.That(MeanAbsoluteDifference(first, later), Is.GreaterThan(5), "two seconds later the scene has clearly moved");
    }

    [Test]
    public void FrameNAlwaysLooksTheSame()
    {
        using var a = new TestPatternSource();
        using var b = new TestPatternSource();
        using var read = new Mat();
        using var rendered = new Mat();
        for (var i = 0; i < 18; i++) a.Read(read);      // frame 17 is the last one read
        b.Render(40, rendered);                         // render something else first
        b.Render(17, rendered);
        Assert.That(a.NextFrameIndex, Is.EqualTo(18));
        Assert.That(MeanAbsoluteDifference(read, rendered), Is.EqualTo(0));
    }

    [Test]
    public void HasColourAndStructureToStylize()
    {
        using var pattern = new TestPatternSource();
        using var frame = new Mat();
        pattern.Render(45, frame);

        Cv2.MeanStdDev(frame, out _, out var deviation);
        for (var c = 0; c < 3; c++) Assert.That(deviation[c], Is.GreaterThan(25), $"channel {c} varies");

        using var hsv = frame.CvtColor(ColorConversionCodes.BGR2HSV);
        Assert.That(Cv2.Mean(hsv)[1], Is.GreaterThan(60), "mean saturation: the scene is colourful");

        using var gray = frame.CvtColor(ColorConversionCodes.BGR2GRAY);
        using var edges = gray.Canny(50, 150);
        var edgeShare = Cv2.CountNonZero(edges) / (double)(frame.Width * frame.Height);
        Assert.That(edgeShare, Is.InRange(0.02, 0.4), "edges: shapes, ridges and checkers");
    }

    [Test]
    public void RejectsNonsenseSizes()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TestPatternSource(8, 8));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TestPatternSource(64, 64, 0));
    }

    internal static double MeanAbsoluteDifference(Mat a, Mat b)
    {
        using var difference = new Mat();
        Cv2.Absdiff(a, b, difference);
        var mean = Cv2.Mean(difference);
        return (mean[0] + mean[1] + mean[2]) / 3;
    }
}
