using LiveStyle.Flicker;
using LiveStyle.Core.Temporal;
using NUnit.Framework;
using OpenCvSharp;

namespace LiveStyle.Tests.Temporal;

/// <summary>The flicker metrics on generated sequences whose answers are known without any network.</summary>
public class FlickerMeterTests
{
    private static Mat Photo() => Cv2.ImRead(Path.Combine(TestEnvironment.ContentImages, "sailboat.jpg"));

    [Test]
    public void AnOutputEqualToTheInputAmplifiesByOne_AConstantOutputByZero()
    {
        using var photo = Photo();
        using var clip = SyntheticClips.Still(photo, 96, 64, 5, noise: 2);
        using var identity = new FlickerMeter();
        using var constant = new FlickerMeter();
        using var grey = new Mat(64, 96, MatType.CV_8UC3, Scalar.All(128));
        foreach (var frame in clip.Frames)
        {
            identity.Add(frame, frame, frame);
            constant.Add(frame, grey);
        }
        var same = identity.Figures();
        var flat = constant.Figures();
        TestContext.Out.WriteLine($"identity {same}\nconstant {flat}");

        Assert.That(same.StillInputChange, Is.InRange(1.0, 4.0), "noise σ = 2 changes a pixel by about 2.3 a frame");
        Assert.That(same.StillAmplification, Is.EqualTo(1).Within(1e-9));
        Assert.That(flat.StillAmplification, Is.EqualTo(0));
        Assert.That(flat.WarpingError, Is.EqualTo(0));
        Assert.That(same.MotionFidelityDb, Is.NaN.Or.EqualTo(double.PositiveInfinity), "nothing moves (or the output equals the reference)");
    }

    [Test]
    public void WarpingErrorFollowsTheMotion_FrozenAndLaggingOutputsAreCaught()
    {
        using var photo = Photo();
        using var clip = SyntheticClips.Pan(photo, 128, 96, 6, pixelsPerFrame: 2, noise: 0);
        using var follows = new FlickerMeter();
        using var frozen = new FlickerMeter();
        using var lags = new FlickerMeter();
        for (var i = 0; i < clip.Frames.Count; i++)
        {
            follows.Add(clip.Frames[i], clip.Frames[i], clip.Frames[i]);
            frozen.Add(clip.Frames[i], clip.Frames[0], clip.Frames[i]);
            lags.Add(clip.Frames[i], clip.Frames[Math.Max(0, i - 1)], clip.Frames[i]);   // one frame late
        }
        var good = follows.Figures();
        var still = frozen.Figures();
        var late = lags.Figures();
        TestContext.Out.WriteLine($"follows {good}\nfrozen {still}\nlags {late}");

        Assert.That(good.WarpingError, Is.LessThan(1e-3), "an output that moves with the input warps onto itself");
        Assert.That(still.WarpingError, Is.GreaterThan(5 * good.WarpingError), "an output that stands still while the input pans does not");
        Assert.That(good.MotionFidelityDb, Is.EqualTo(double.PositiveInfinity));
        Assert.That(late.MotionFidelityDb, Is.LessThan(30), "a lagging output differs from the per-frame output where things move");
    }
}
