using LiveStyle.Core.Networks.PersonMask;
using NUnit.Framework;
using OpenCvSharp;

namespace LiveStyle.Tests.PersonMask;

/// <summary>
/// A still person filmed with camera grain: the mask's edge must not shimmer. Shimmer is the mean
/// frame-to-frame change of the soft mask over its edge band (where it is neither 0 nor 1), like
/// the stylization's flicker.
/// </summary>
public class MaskShimmerTests
{
    /// <summary>The astronaut in a 640×360 frame; each frame adds fresh grain (±6 levels) from its own seed.</summary>
    private static List<Mat> StillClip(int frames)
    {
        using var photo = PersonPhoto.Astronaut.Read();
        using var scaled = photo.Resize(new Size(360, 360), 0, 0, InterpolationFlags.Area);
        using var still = new Mat(360, 640, MatType.CV_8UC3, new Scalar(120, 130, 140));
        using (var roi = new Mat(still, new Rect(140, 0, 360, 360))) scaled.CopyTo(roi);
        var clip = new List<Mat>();
        for (var f = 0; f < frames; f++)
        {
            var random = new Random(100 + f);
            var grain = new short[640 * 360 * 3];
            for (var i = 0; i < grain.Length; i++) grain[i] = (short)random.Next(-6, 7);
            using var g = Mat.FromPixelData(360, 640, MatType.CV_16SC3, grain);
            using var wide = new Mat();
            still.ConvertTo(wide, MatType.CV_16SC3);
            Cv2.Add(wide, g, wide);
            var frame = new Mat();
            wide.ConvertTo(frame, MatType.CV_8UC3);
            clip.Add(frame);
        }
        return clip;
    }

    public static double Shimmer(IReadOnlyList<Mat> clip, float newFrameWeight, int modelInterval = 1)
    {
        using var masker = new PersonMasker(SinetModels.GetOrBuild(TestEnvironment.Store), newFrameWeight, modelInterval: modelInterval);
        var masks = clip.Select(frame => masker.MaskFor(frame).Clone()).ToList();
        using var mean = new Mat(masks[0].Size(), MatType.CV_32FC1, Scalar.All(0));
        foreach (var m in masks) Cv2.Add(mean, m, mean);
        mean.ConvertTo(mean, MatType.CV_32FC1, 1.0 / masks.Count);
        using var low = mean.GreaterThan(0.02);
        using var high = mean.LessThan(0.98);
        using var band = new Mat();
        Cv2.BitwiseAnd(low, high, band);
        double sum = 0;
        var warmUp = 4;
        for (var i = warmUp + 1; i < masks.Count; i++)
        {
            using var change = new Mat();
            Cv2.Absdiff(masks[i], masks[i - 1], change);
            sum += Cv2.Mean(change, band).Val0;
        }
        foreach (var m in masks) m.Dispose();
        return sum / (masks.Count - warmUp - 1);
    }

    [Test]
    public void MovingAverageCalmsTheEdgeOfAStillPerson()
    {
        var clip = StillClip(14);
        try
        {
            var off = Shimmer(clip, 1f);
            var on = Shimmer(clip, 0.5f);
            var live = Shimmer(clip, LiveRegions.NewFrameWeight, LiveRegions.ModelInterval);
            TestContext.Out.WriteLine($"mask edge shimmer of a still person with camera grain: {off:F4} without the moving average, {on:F4} with it (new frame weight 0.5), " +
                $"{live:F4} as the live view runs it (weight {LiveRegions.NewFrameWeight}, model on every {LiveRegions.ModelInterval}rd frame)");
            Assert.That(off, Is.GreaterThan(0), "grain moves the raw mask");
            Assert.That(on, Is.LessThan(off * 0.7));
            Assert.That(live, Is.LessThan(off * 0.7));
        }
        finally
        {
            foreach (var frame in clip) frame.Dispose();
        }
    }
}
