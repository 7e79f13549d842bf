using LiveStyle.Core.Sinks.VirtualCamera;
using NUnit.Framework;
using OpenCvSharp;

namespace LiveStyle.Tests.VirtualCamera;

/// <summary>Frames of any shape reach the virtual camera's fixed size without being stretched.</summary>
public class FrameFitterTests
{
    /// <summary>A grey picture with a white disc in the middle: stretched, the disc would become an ellipse.</summary>
    private static Mat Disc(int width, int height)
    {
        var image = new Mat(height, width, MatType.CV_8UC3, new Scalar(90, 90, 90));
        Cv2.Circle(image, new Point(width / 2, height / 2), Math.Min(width, height) / 4, Scalar.White, -1, LineTypes.AntiAlias);
        return image;
    }

    /// <summary>Width and height of the bright disc.</summary>
    private static (int Width, int Height) DiscSize(Mat image)
    {
        using var gray = image.CvtColor(ColorConversionCodes.BGR2GRAY);
        using var mask = gray.Threshold(170, 255, ThresholdTypes.Binary);
        var box = Cv2.BoundingRect(mask);
        return (box.Width, box.Height);
    }

    [TestCase(640, 480, 1280, 720, FitMode.Crop)]
    [TestCase(640, 480, 1280, 720, FitMode.Letterbox)]
    [TestCase(455, 256, 640, 480, FitMode.Crop)]
    [TestCase(455, 256, 640, 480, FitMode.Letterbox)]
    [TestCase(256, 256, 1280, 720, FitMode.Crop)]
    [TestCase(720, 1280, 1280, 720, FitMode.Letterbox)]
    [TestCase(1920, 1080, 1280, 720, FitMode.Crop)]
    public void ADiscStaysRound(int sourceWidth, int sourceHeight, int width, int height, FitMode mode)
    {
        using var source = Disc(sourceWidth, sourceHeight);
        using var fitter = new FrameFitter(new Size(width, height), mode);
        var fitted = fitter.Fit(source);

        Assert.That((fitted.Width, fitted.Height), Is.EqualTo((width, height)));
        var (w, h) = DiscSize(fitted);
        Assert.That(w, Is.GreaterThan(10));
        Assert.That(w, Is.EqualTo(h).Within(2), $"disc {w}×{h}: the picture was stretched");
    }

    [Test]
    public void CropFillsTheWholeOutputAndCutsTheLongSide()
    {
        Assert.That(FrameFitter.CropRegion(new Size(640, 480), new Size(1280, 720)), Is.EqualTo(new Rect(0, 60, 640, 360)));
        Assert.That(FrameFitter.CropRegion(new Size(455, 256), new Size(640, 480)), Is.EqualTo(new Rect(57, 0, 341, 256)));

        using var source = Disc(640, 480);
        using var fitter = new FrameFitter(new Size(1280, 720));
        var fitted = fitter.Fit(source);
        using var gray = fitted.CvtColor(ColorConversionCodes.BGR2GRAY);
        Cv2.MinMaxLoc(gray, out double darkest, out _);
        Assert.That(darkest, Is.GreaterThan(60), "no black bars when cropping");
    }

    [Test]
    public void LetterboxKeepsTheWholePictureBetweenBlackBars()
    {
        Assert.That(FrameFitter.LetterboxRegion(new Size(640, 480), new Size(1280, 720)), Is.EqualTo(new Rect(160, 0, 960, 720)));
        Assert.That(FrameFitter.LetterboxRegion(new Size(1280, 720), new Size(640, 480)), Is.EqualTo(new Rect(0, 60, 640, 360)));

        using var source = Disc(640, 480);
        using var fitter = new FrameFitter(new Size(1280, 720), FitMode.Letterbox);
        var fitted = fitter.Fit(source);
        using (var leftBar = new Mat(fitted, new Rect(0, 0, 160, 720)))
        using (var rightBar = new Mat(fitted, new Rect(1120, 0, 160, 720)))
        {
            Assert.That(Cv2.CountNonZero(leftBar.CvtColor(ColorConversionCodes.BGR2GRAY)), Is.Zero);
            Assert.That(Cv2.CountNonZero(rightBar.CvtColor(ColorConversionCodes.BGR2GRAY)), Is.Zero);
        }
        using var picture = new Mat(fitted, new Rect(161, 1, 958, 718));
        Cv2.MinMaxLoc(picture.CvtColor(ColorConversionCodes.BGR2GRAY), out double darkest, out _);
        Assert.That(darkest, Is.GreaterThan(60), "the picture fills the area between the bars");
    }

    [Test]
    public void MirrorFlipsLeftAndRight()
    {
        using var source = new Mat(48, 64, MatType.CV_8UC3, Scalar.Black);
        Cv2.Rectangle(source, new Rect(0, 0, 16, 48), Scalar.White, -1);
        using var plain = new FrameFitter(new Size(64, 48));
        using var mirrored = new FrameFitter(new Size(64, 48), mirror: true);
        using var expected = new Mat();
        Cv2.Flip(plain.Fit(source), expected, FlipMode.Y);
        using var difference = new Mat();
        Cv2.Absdiff(mirrored.Fit(source), expected, difference);
        Assert.That(Cv2.CountNonZero(difference.Reshape(1)), Is.Zero);
        Assert.That(mirrored.Fit(source).At<Vec3b>(10, 60).Item0, Is.EqualTo(255), "the white band is now on the right");
    }
}
