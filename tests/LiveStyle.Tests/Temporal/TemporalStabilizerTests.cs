using LiveStyle.Flicker;
using LiveStyle.Core.Imaging;
using LiveStyle.Core.Networks.AdaIn;
using LiveStyle.Core.Styling;
using LiveStyle.Core.Temporal;
using NUnit.Framework;
using OpenCvSharp;

namespace LiveStyle.Tests.Temporal;

/// <summary>
/// The stabilizer on the real AdaIN network (fp32, real weights) over generated clips with known
/// motion: a still noisy scene must stop shimmering, and a moving square must stay where the input
/// has it (no trail where it was, no lag where it is).
/// </summary>
public class TemporalStabilizerTests
{
    private const int Width = 128, Height = 96, Frames = 12;
    private const double Noise = 2.0;
    private static readonly Lazy<StyleStatistics> Style = new(() =>
    {
        using var bgr = Cv2.ImRead(Path.Combine(TestEnvironment.StyleImages, "starry_night__van_gogh_1889.jpg"));
        using var small = ImageResize.ShorterSideTo(bgr, 128);
        return TestEnvironment.StyleEncoder.Encode(ImageConversion.ToPlanar(small));
    });

    private static Mat Photo() => Cv2.ImRead(Path.Combine(TestEnvironment.ContentImages, "golden_gate.jpg"));

    private static void Stylize(PlanarImage input, PlanarImage output)
    {
        using var buffers = TestEnvironment.Stylizer.CreateBuffers(input.Width, input.Height);
        input.Data.CopyTo(buffers.Content.Data, 0);
        TestEnvironment.Stylizer.Run(buffers, Style.Value, 1f);
        buffers.Output.Data.CopyTo(output.Data, 0);
    }

    private static void Report(string name, FlickerComparison result)
    {
        TestContext.Out.WriteLine($"{name}: off {result.Off}");
        TestContext.Out.WriteLine($"{name}: on  {result.On}");
    }

    [Test]
    public void AStillNoisySceneIsStabilized()
    {
        using var photo = Photo();
        using var clip = SyntheticClips.Still(photo, Width, Height, Frames, noise: 0.7);
        var result = FlickerEvaluation.Compare(clip.Frames, Stylize);
        Report("still", result);

        Assert.That(result.Off.StillAmplification, Is.GreaterThan(1.3), "per-frame AdaIN amplifies sensor noise (the problem)");
        Assert.That(result.On.StillAmplification, Is.LessThanOrEqualTo(Math.Min(2, result.Off.StillAmplification / 2)), "stabilized: at most twice the input's change");
        Assert.That(result.On.WarpingError, Is.LessThanOrEqualTo(result.Off.WarpingError / 2), "warping error at least halved");
    }

    /// <summary>
    /// With a network that returns its input, the right answer is known: the stabilized frame must
    /// show the square exactly where the input has it, with no trail where it was and no lag.
    /// </summary>
    [Test]
    public void AMovingSquareIsNotSmeared_ItsPositionFollowsTheInput()
    {
        using var photo = Photo();
        using var clip = SyntheticClips.MovingSquare(photo, Width, Height, Frames, side: 24, pixelsPerFrame: 6, Noise);
        var worstTrail = double.PositiveInfinity;
        var worstSquare = double.PositiveInfinity;
        var result = FlickerEvaluation.Compare(clip.Frames, (input, output) => input.Data.CopyTo(output.Data, 0), onFrame: (i, input, _, stable) =>
        {
            if (i == 0) return;
            var now = clip.Square[i];
            var before = clip.Square[i - 1];
            // Where the square was one frame ago and is no longer: the background must be back.
            var trail = new Rect(before.X, before.Y, now.X - before.X, before.Height);
            worstTrail = Math.Min(worstTrail, RegionPsnr(stable, input, trail));
            worstSquare = Math.Min(worstSquare, RegionPsnr(stable, input, now));
        });
        Report("square, identity network", result);
        TestContext.Out.WriteLine($"worst PSNR stabilized vs input: trail {worstTrail:F1} dB, square {worstSquare:F1} dB");

        Assert.That(worstTrail, Is.GreaterThanOrEqualTo(30), "no ghost of the square where it was");
        Assert.That(worstSquare, Is.GreaterThanOrEqualTo(30), "the square is where the input has it, not lagging");
        Assert.That(result.On.StillAmplification, Is.LessThan(0.5), "while the noise of the still background is smoothed");
    }

    /// <summary>The same clip through AdaIN: moving regions stay close to the per-frame output, the still background stops shimmering.</summary>
    [Test]
    public void AdaInOnAMovingSquare_MotionFidelityAtLeast20Db()
    {
        using var photo = Photo();
        using var clip = SyntheticClips.MovingSquare(photo, Width, Height, Frames, side: 24, pixelsPerFrame: 6, Noise);
        var pictures = Path.Combine(TestContext.CurrentContext.WorkDirectory, "temporal");
        Directory.CreateDirectory(pictures);
        var result = FlickerEvaluation.Compare(clip.Frames, Stylize,
            onFrame: (i, input, plain, stable) => SaveSideBySide(Path.Combine(pictures, $"square-{i:D2}.png"), input, plain, stable));
        Report("square, AdaIN", result);

        Assert.That(result.On.MotionFidelityDb, Is.GreaterThanOrEqualTo(20));
        Assert.That(result.On.StillAmplification, Is.LessThanOrEqualTo(2));
        Assert.That(result.On.WarpingError, Is.LessThanOrEqualTo(result.Off.WarpingError / 2));
    }

    /// <summary>
    /// A still scene whose exposure drifts slowly (0.4 levels a frame: always below the noise level
    /// from one frame to the next): with a network that returns its input, the output must follow the
    /// light, not keep the first frame's.
    /// </summary>
    [Test]
    public void ASlowExposureDriftIsFollowed()
    {
        using var photo = Photo();
        using var clip = SyntheticClips.Still(photo, Width, Height, 60, noise: 1.5);
        var frames = clip.Frames.Select((frame, i) =>
        {
            var brighter = new Mat();
            frame.ConvertTo(brighter, MatType.CV_8UC3, 1, 0.4 * i);
            return brighter;
        }).ToList();
        try
        {
            var last = 0.0;
            var result = FlickerEvaluation.Compare(frames, (input, output) => input.Data.CopyTo(output.Data, 0),
                onFrame: (i, input, _, stable) => { if (i == frames.Count - 1) last = Cv2.PSNR(stable, input); });
            TestContext.Out.WriteLine($"last frame vs input: {last:F1} dB after a drift of {0.4 * (frames.Count - 1):F0} levels; {result.On}");
            Assert.That(last, Is.GreaterThanOrEqualTo(33), "the stabilized frame shows today's light (a 24-level drift left behind would be ~26 dB)");
            Assert.That(result.On.StillAmplification, Is.LessThan(0.5), "while the noise is still smoothed");
        }
        finally
        {
            foreach (var frame in frames) frame.Dispose();
        }
    }

    [Test]
    public void ASteadyStateFrameAllocatesNoManagedMemory()
    {
        using var photo = Photo();
        using var clip = SyntheticClips.Still(photo, 160, 96, 4, Noise);
        var inputs = clip.Frames.Select(ImageConversion.ToPlanar).ToArray();
        var output = new PlanarImage(160, 96);
        using var stabilizer = new TemporalStabilizer();
        for (var i = 0; i < 3; i++) stabilizer.Apply(inputs[i % inputs.Length], output);

        const int frames = 6;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < frames; i++) stabilizer.Apply(inputs[i % inputs.Length], output);
        var perFrame = (GC.GetAllocatedBytesForCurrentThread() - before) / frames;
        TestContext.Out.WriteLine($"managed bytes per frame: {perFrame}");
        Assert.That(perFrame, Is.LessThanOrEqualTo(0));
    }

    /// <summary>The blending shared among a team of threads gives the same frames as one thread (a moving clip, so the warp runs).</summary>
    [Test]
    public void ATeamOfThreadsStabilizesExactlyAsOneThreadDoes()
    {
        using var photo = Photo();
        using var clip = SyntheticClips.Pan(photo, Width, Height, 6, 3, Noise);
        var inputs = clip.Frames.Select(ImageConversion.ToPlanar).ToArray();
        using var alone = new TemporalStabilizer();
        using var shared = new TemporalStabilizer();
        using var team = new LiveStyle.Core.Threading.WorkerTeam(2, "test");
        for (var i = 0; i < inputs.Length; i++)
        {
            var output = new PlanarImage(Width, Height, (float[])inputs[(i + 1) % inputs.Length].Data.Clone());
            var copy = new PlanarImage(Width, Height, (float[])output.Data.Clone());
            alone.Apply(inputs[i], output);
            shared.Apply(inputs[i], copy, team);
            Assert.That(copy.Data, Is.EqualTo(output.Data), $"frame {i}");
        }
    }

    /// <summary>
    /// The blending 8 pixels a step gives, bit for bit, the frames of the one-pixel-at-a-time path: a pan
    /// and a moving square (warped, standing and replaced pixels), at a width that leaves a remainder.
    /// </summary>
    [Test]
    public void TheVectorBlendGivesThePixelsOfTheScalarOne()
    {
        using var photo = Photo();
        const int width = Width + 5;
        using var pan = SyntheticClips.Pan(photo, width, Height, 6, 2.5, Noise);
        using var square = SyntheticClips.MovingSquare(photo, width, Height, 6, side: 24, pixelsPerFrame: 6, Noise);
        var inputs = pan.Frames.Concat(square.Frames).Select(ImageConversion.ToPlanar).ToArray();
        using var scalar = new TemporalStabilizer { Vectorized = false };
        using var vectors = new TemporalStabilizer();
        if (!vectors.Vectorized) Assert.Ignore("this CPU has no AVX2");
        var warped = 0;
        for (var i = 0; i < inputs.Length; i++)
        {
            // The "stylized" output: another frame, so that the blend has something to move.
            var output = new PlanarImage(width, Height, (float[])inputs[(i + 3) % inputs.Length].Data.Clone());
            var copy = new PlanarImage(width, Height, (float[])output.Data.Clone());
            scalar.Apply(inputs[i], output);
            vectors.Apply(inputs[i], copy);
            Assert.That(copy.Data, Is.EqualTo(output.Data), $"frame {i}");
            if (i > 0 && !output.Data.AsSpan().SequenceEqual(inputs[(i + 3) % inputs.Length].Data)) warped++;
        }
        Assert.That(warped, Is.GreaterThan(inputs.Length / 2), "most frames were blended with their history");
    }

    /// <summary>
    /// Any frame size works, down to one pixel, on both paths: unrelated random frames (so the flow
    /// and the weights are anything) give outputs that stay finite and between the history and the
    /// new output's range.
    /// </summary>
    [TestCase(1, 1)]
    [TestCase(2, 1)]
    [TestCase(1, 2)]
    [TestCase(2, 2)]
    [TestCase(3, 5)]
    [TestCase(17, 9)]
    [TestCase(9, 40)]
    [TestCase(40, 1)]
    public void TinyAndOddFrameSizesWork(int width, int height)
    {
        var random = new Random(width * 100 + height);
        foreach (var vectors in new[] { false, true })
        {
            using var stabilizer = new TemporalStabilizer { Vectorized = vectors && System.Runtime.Intrinsics.X86.Avx2.IsSupported };
            for (var i = 0; i < 6; i++)
            {
                var input = new PlanarImage(width, height, Enumerable.Range(0, 3 * width * height).Select(_ => random.NextSingle()).ToArray());
                var output = new PlanarImage(width, height, Enumerable.Range(0, 3 * width * height).Select(_ => random.NextSingle()).ToArray());
                stabilizer.Apply(input, output);
                Assert.That(output.Data, Is.All.InRange(0f, 1f), $"{width}x{height}, frame {i}, vectors {vectors}");
            }
        }
    }

    [Test]
    public void AfterResetTheNextOutputPassesUnchanged()
    {
        using var photo = Photo();
        using var clip = SyntheticClips.Still(photo, Width, Height, 2, Noise);
        var first = ImageConversion.ToPlanar(clip.Frames[0]);
        var second = ImageConversion.ToPlanar(clip.Frames[1]);
        using var stabilizer = new TemporalStabilizer();
        var output = new PlanarImage(Width, Height);
        stabilizer.Apply(first, output);   // history: black

        var fresh = ImageConversion.ToPlanar(clip.Frames[1]);
        var stabilized = (float[])fresh.Data.Clone();
        stabilizer.Apply(second, new PlanarImage(Width, Height, stabilized));
        Assert.That(stabilized, Is.Not.EqualTo(fresh.Data), "with history, a new output is blended with it");

        stabilizer.Reset();
        var passed = (float[])fresh.Data.Clone();
        stabilizer.Apply(second, new PlanarImage(Width, Height, passed));
        Assert.That(passed, Is.EqualTo(fresh.Data));
    }

    /// <summary>input | per-frame output | stabilized output, for looking at.</summary>
    private static void SaveSideBySide(string path, Mat input, Mat plain, Mat stable)
    {
        using var row = new Mat();
        Cv2.HConcat([input, plain, stable], row);
        Cv2.ImWrite(path, row);
    }

    private static double RegionPsnr(Mat a, Mat b, Rect region)
    {
        region = region.Intersect(new Rect(0, 0, a.Cols, a.Rows));
        if (region.Width <= 0 || region.Height <= 0) return double.PositiveInfinity;
        using var ra = new Mat(a, region);
        using var rb = new Mat(b, region);
        return Cv2.PSNR(ra, rb);
    }
}
