using LiveStyle.Core.Networks.PersonMask;
using NUnit.Framework;
using OpenCvSharp;

namespace LiveStyle.Tests.PersonMask;

/// <summary>
/// The mask covers the person on real photos and on a drawn silhouette: intersection over union
/// against masks drawn by hand. With LIVESTYLE_MASK_PICTURES=DIR the photos with their masks are written there to be looked at.
/// </summary>
public class PersonMaskPhotoTests
{
    private static PersonSegmenter? _segmenter;
    private static PersonSegmenter Segmenter => _segmenter ??= new PersonSegmenter(SinetModels.GetOrBuild(TestEnvironment.Store));

    [OneTimeTearDown] public void CloseSegmenter() => _segmenter?.Dispose();

    /// <summary>The model's probability at its input size, bilinearly to the photo's size, thresholded at 0.5.</summary>
    public static Mat PredictedMask(PersonSegmenter segmenter, Mat photo)
    {
        var probability = segmenter.Segment(photo).ToArray();
        using var small = Mat.FromPixelData(segmenter.InputHeight, segmenter.InputWidth, MatType.CV_32FC1, probability);
        using var full = small.Resize(photo.Size(), 0, 0, InterpolationFlags.Linear);
        using var binary = full.Threshold(0.5, 255, ThresholdTypes.Binary);
        var mask = new Mat();
        binary.ConvertTo(mask, MatType.CV_8UC1);
        return mask;
    }

    public static double IntersectionOverUnion(Mat a, Mat b)
    {
        using var intersection = new Mat();
        using var union = new Mat();
        Cv2.BitwiseAnd(a, b, intersection);
        Cv2.BitwiseOr(a, b, union);
        return Cv2.CountNonZero(intersection) / (double)Math.Max(1, Cv2.CountNonZero(union));
    }

    [TestCase("astronaut", 0.85)]
    [TestCase("camera", 0.75)]
    [TestCase("grace_hopper", 0.85)]
    public void MaskCoversThePersonOnARealPhoto(string name, double minimum)
    {
        var photo = PersonPhoto.All.Single(p => p.Name == name);
        using var image = photo.Read();
        using var drawn = photo.DrawnMask(image.Cols, image.Rows);
        using var predicted = PredictedMask(Segmenter, image);
        var iou = IntersectionOverUnion(predicted, drawn);
        TestContext.Out.WriteLine($"{name} ({image.Cols}×{image.Rows}, mask input {Segmenter.InputWidth}×{Segmenter.InputHeight}): IoU {iou:F3} against the drawn mask");
        WritePicture(name, image, predicted, drawn);
        Assert.That(iou, Is.GreaterThanOrEqualTo(minimum));
    }

    /// <summary>
    /// A person drawn as a webcam would frame one (head with hair, eyes and mouth, neck, shoulders
    /// in a shirt) in front of a room with a door and a picture; grain over everything, as a camera has.
    /// </summary>
    public static (Mat Image, Mat Mask) DrawnSilhouette(int width, int height)
    {
        var image = new Mat(height, width, MatType.CV_8UC3, new Scalar(150, 160, 170));
        Cv2.Rectangle(image, new Rect(0, 0, width / 5, height), new Scalar(60, 90, 140), -1); // a door
        Cv2.Rectangle(image, new Rect(width * 3 / 4, height / 5, width / 6, height / 4), new Scalar(200, 180, 120), -1); // a picture
        var mask = new Mat(height, width, MatType.CV_8UC1, Scalar.All(0));
        int cx = width / 2, headY = height * 2 / 5, rx = height / 7, ry = height / 5;
        Point[] torso = [new(cx - rx / 2, headY + ry - 10), new(cx + rx / 2, headY + ry - 10), new(cx + rx * 3, headY + ry * 2), new(cx + rx * 3, height), new(cx - rx * 3, height), new(cx - rx * 3, headY + ry * 2)];
        foreach (var (target, colour) in new[] { (image, new Scalar(110, 60, 50)), (mask, Scalar.All(255)) })
        {
            Cv2.FillPoly(target, [torso], colour);
            Cv2.Ellipse(target, new Point(cx, headY - ry / 3), new Size(rx + 8, ry * 3 / 4), 0, 0, 360, target == mask ? colour : new Scalar(30, 40, 60), -1); // hair
        }
        Cv2.Rectangle(image, new Rect(cx - rx / 2, headY + ry / 2, rx, ry), new Scalar(110, 140, 190), -1); // neck
        Cv2.Ellipse(image, new Point(cx, headY + 8), new Size(rx, ry), 0, 0, 360, new Scalar(130, 160, 215), -1);
        Cv2.Ellipse(mask, new Point(cx, headY + 8), new Size(rx, ry), 0, 0, 360, Scalar.All(255), -1);
        foreach (var eye in new[] { -rx / 2, rx / 2 }) Cv2.Ellipse(image, new Point(cx + eye, headY - 2), new Size(rx / 6, rx / 10), 0, 0, 360, new Scalar(40, 40, 50), -1);
        Cv2.Ellipse(image, new Point(cx, headY + ry / 2), new Size(rx / 3, rx / 8), 0, 0, 180, new Scalar(80, 80, 160), -1); // mouth
        var grain = new byte[width * height * 3];
        var random = new Random(20);
        for (var i = 0; i < grain.Length; i++) grain[i] = (byte)random.Next(0, 40);
        using (var g = Mat.FromPixelData(height, width, MatType.CV_8UC3, grain)) Cv2.Add(image, g, image);
        Cv2.GaussianBlur(image, image, new Size(3, 3), 0);
        return (image, mask);
    }

    [Test]
    public void MaskCoversADrawnSilhouette()
    {
        var (image, drawn) = DrawnSilhouette(640, 360);
        using (image)
        using (drawn)
        {
            using var predicted = PredictedMask(Segmenter, image);
            var iou = IntersectionOverUnion(predicted, drawn);
            TestContext.Out.WriteLine($"drawn silhouette 640×360: IoU {iou:F3}");
            WritePicture("silhouette", image, predicted, drawn);
            Assert.That(iou, Is.GreaterThanOrEqualTo(0.8));
        }
    }

    [Test]
    public void NoPersonInAnEmptyRoom()
    {
        using var photo = LiveStyle.Core.Imaging.ImageFile.ReadBgr(Path.Combine(TestEnvironment.ContentImages, "sailboat.jpg"));
        using var predicted = PredictedMask(Segmenter, photo);
        var share = Cv2.CountNonZero(predicted) / (double)(photo.Cols * photo.Rows);
        TestContext.Out.WriteLine($"sailboat: {share:P1} of the pixels called person");
        WritePicture("sailboat", photo, predicted, null);
        Assert.That(share, Is.LessThan(0.1));
    }

    /// <summary>Photo | photo with the predicted person tinted red and the drawn outline in green.</summary>
    private static void WritePicture(string name, Mat photo, Mat predicted, Mat? drawn)
    {
        if (Environment.GetEnvironmentVariable("LIVESTYLE_MASK_PICTURES") is not { Length: > 0 } dir) return;
        Directory.CreateDirectory(dir);
        using var tinted = photo.Clone();
        using var red = new Mat(photo.Size(), MatType.CV_8UC3, new Scalar(0, 0, 255));
        using var blend = new Mat();
        Cv2.AddWeighted(photo, 0.5, red, 0.5, 0, blend);
        blend.CopyTo(tinted, predicted);
        if (drawn is not null)
        {
            Cv2.FindContours(drawn, out var contours, out _, RetrievalModes.External, ContourApproximationModes.ApproxSimple);
            Cv2.DrawContours(tinted, contours, -1, new Scalar(0, 255, 0), 2);
        }
        using var both = new Mat();
        Cv2.HConcat([photo, tinted], both);
        Cv2.ImWrite(Path.Combine(dir, $"{name}.png"), both);
    }
}
