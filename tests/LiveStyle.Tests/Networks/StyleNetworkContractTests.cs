using LiveStyle.Core.Threading;
using System.Diagnostics;
using LiveStyle.Core.Frames;
using LiveStyle.Core.Networks;
using LiveStyle.Core.Pipeline;
using LiveStyle.Core.Styling;
using NUnit.Framework;
using OpenCvSharp;
using static LiveStyle.Tests.Networks.NetworkImages;

namespace LiveStyle.Tests.Networks;

/// <summary>Both networks behind one contract: mixing and cross-fades act on style signals, strength, switching, no per-frame allocation.</summary>
public class StyleNetworkContractTests
{
    private static readonly StyleNetworkKind[] Kinds = [StyleNetworkKind.AdaIn, StyleNetworkKind.MicroAst];

    [TestCaseSource(nameof(Kinds))]
    public void MixingIsALinearCombinationOfSignalsAndLandsBetweenTheStyles(StyleNetworkKind kind)
    {
        var network = TestEnvironment.Network(kind);
        var a = SignalsOf(network, Scream);
        var b = SignalsOf(network, GreatWave);
        Assert.That(a.Length, Is.EqualTo(network.SignalLength));
        var quarter = StyleSignals.Mix([a, b], [1f, 3f]);
        for (var i = 0; i < a.Length; i++)
            Assert.That(quarter.Values[i], Is.EqualTo(0.25f * a.Values[i] + 0.75f * b.Values[i]).Within(1e-4f * (1 + Math.Abs(b.Values[i]))));

        using var content = ContentBgr(160, 96);
        using var onlyA = Stylize(network, content, a, 1f);
        using var onlyB = Stylize(network, content, b, 1f);
        using var half = Stylize(network, content, StyleSignals.Mix([a, b], [1f, 1f]), 1f);
        var apart = Cv2.PSNR(onlyA, onlyB);
        TestContext.Out.WriteLine($"{kind}: A vs B {apart:F1} dB, mix vs A {Cv2.PSNR(half, onlyA):F1} dB, mix vs B {Cv2.PSNR(half, onlyB):F1} dB");
        Assert.That(Cv2.PSNR(half, onlyA), Is.GreaterThan(apart), "the half mix is nearer each style's picture than they are to each other");
        Assert.That(Cv2.PSNR(half, onlyB), Is.GreaterThan(apart));
        Assert.That(Cv2.PSNR(half, onlyA), Is.LessThan(35), "and it is a picture of its own");
    }

    [TestCaseSource(nameof(Kinds))]
    public void CrossFadeWalksTheSignalsFromOneStyleToTheNext(StyleNetworkKind kind)
    {
        var network = TestEnvironment.Network(kind);
        IReadOnlyList<StyleEntry> styles = [new("scream", Scream, SignalsOf(network, Scream)), new("wave", GreatWave, SignalsOf(network, GreatWave))];
        var (a, b) = (styles[0].Signals.Values, styles[1].Signals.Values);
        var controller = new StyleController(() => styles, crossFade: TimeSpan.FromSeconds(1));
        var into = StyleSignals.Zero(network.SignalLength);
        controller.Compute(Stopwatch.GetTimestamp(), into);
        Assert.That(into.Values, Is.EqualTo(a).Within(1e-5f));

        controller.Next();
        var switched = Stopwatch.GetTimestamp();
        controller.Compute(switched + Stopwatch.Frequency / 2, into);
        // The signals lie on the segment from a to b, about half-way.
        double along = 0, length = 0, off = 0;
        for (var i = 0; i < a.Length; i++) { along += (into.Values[i] - a[i]) * (b[i] - a[i]); length += (b[i] - a[i]) * (b[i] - a[i]); }
        var t = along / length;
        for (var i = 0; i < a.Length; i++) off += Math.Pow(into.Values[i] - (a[i] + t * (b[i] - a[i])), 2);
        Assert.That(t, Is.EqualTo(0.5).Within(0.1));
        Assert.That(off / length, Is.LessThan(1e-8));

        using var content = ContentBgr(160, 96);
        using var start = Stylize(network, content, styles[0].Signals, 1f);
        using var end = Stylize(network, content, styles[1].Signals, 1f);
        using var middle = Stylize(network, content, into, 1f);
        Assert.That(Cv2.PSNR(middle, start), Is.GreaterThan(Cv2.PSNR(start, end)));
        Assert.That(Cv2.PSNR(middle, end), Is.GreaterThan(Cv2.PSNR(start, end)));

        controller.Compute(switched + 2 * Stopwatch.Frequency, into);
        Assert.That(into.Values, Is.EqualTo(b).Within(1e-5f), "after the fade: the next style's signals");
    }

    // 257×143: not multiples of 4 (padded and cropped back), the frame's signals from the frame itself;
    // 512×288: the frame's signals from a small copy (shorter side 192), as in the live view.
    [TestCase(257, 143)]
    [TestCase(512, 288)]
    public void FastStrengthZeroGivesNearlyTheFrameAndOneTheStyle(int width, int height)
    {
        var network = TestEnvironment.MicroAst;
        var style = SignalsOf(network, Scream);
        using var content = ContentBgr(width, height);
        using var none = Stylize(network, content, style, 0f);
        using var half = Stylize(network, content, style, 0.5f);
        using var full = Stylize(network, content, style, 1f);
        // Blurred PSNR: colour and structure, not the fine texture a decoder never reproduces exactly
        // (AdaIN's own α = 0 reaches about 22 dB here, MicroAST about 24).
        var (psnrNone, psnrHalf, psnrFull) = (ImageAssert.BlurredPsnr(none, content), ImageAssert.BlurredPsnr(half, content), ImageAssert.BlurredPsnr(full, content));
        TestContext.Out.WriteLine($"{width}x{height} blurred PSNR vs the frame: strength 0 {psnrNone:F1} dB, 0.5 {psnrHalf:F1} dB, 1 {psnrFull:F1} dB; plain PSNR at 0: {Cv2.PSNR(none, content):F1} dB");
        Assert.That((none.Width, none.Height), Is.EqualTo((width, height)));
        Assert.That(psnrNone, Is.GreaterThan(22), "strength 0 reconstructs the frame");
        Assert.That(psnrFull, Is.LessThan(psnrNone - 6), "strength 1 is the style");
        Assert.That(psnrHalf, Is.LessThan(psnrNone).And.GreaterThan(psnrFull), "half-way lies between");
    }

    [Test]
    public void FastNetworkLoopAllocatesNoManagedMemoryPerFrame()
    {
        var network = TestEnvironment.MicroAst;
        IReadOnlyList<StyleEntry> styles = [new("scream", Scream, SignalsOf(network, Scream, 64))];
        using var input = new LatestMailbox<Frame>(() => new Frame());
        using var output = new LatestMailbox<StylizedFrame>(() => new StylizedFrame());
        // Strength below 1, so the frame's own signals are refreshed on some of the measured frames.
        var controller = new StyleController(() => styles, alpha: 0.5f);
        using var loop = new StylizeLoop(input, output, network, controller, InferenceSize.Parse("96x64"));
        using var frame = new Frame { Sequence = 1, CapturedAt = Stopwatch.GetTimestamp() };
        using (var photo = ContentBgr(128, 96)) photo.CopyTo(frame.Bgr);

        void OneFrame()
        {
            loop.Process(frame);
            output.Return(output.TryTake()!);
        }
        for (var i = 0; i < 3; i++) OneFrame();

        const int frames = 9;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < frames; i++) OneFrame();
        var perFrame = (GC.GetAllocatedBytesForCurrentThread() - before) / frames;
        TestContext.Out.WriteLine($"managed bytes allocated per frame on the fast network: {perFrame}");
        Assert.That(perFrame, Is.LessThanOrEqualTo(0));
    }

    [Test]
    public void TheLoopSwitchesNetworkBetweenFrames()
    {
        IReadOnlyList<StyleEntry> adainStyles = [new("scream", Scream, SignalsOf(TestEnvironment.AdaIn, Scream, 128))];
        IReadOnlyList<StyleEntry> fastStyles = [new("scream", Scream, SignalsOf(TestEnvironment.MicroAst, Scream, 128))];
        var current = adainStyles;
        using var input = new LatestMailbox<Frame>(() => new Frame());
        using var output = new LatestMailbox<StylizedFrame>(() => new StylizedFrame());
        var controller = new StyleController(() => current);
        using var loop = new StylizeLoop(input, output, TestEnvironment.AdaIn, controller, InferenceSize.Parse("96x64"));
        using var frame = new Frame { Sequence = 1, CapturedAt = Stopwatch.GetTimestamp() };
        using (var photo = ContentBgr(128, 96)) photo.CopyTo(frame.Bgr);

        loop.Process(frame);
        using var byAdaIn = output.TryTake()!.Stylized.Clone();
        loop.SwitchTo(TestEnvironment.MicroAst, InferenceSize.Parse("120x80"));
        current = fastStyles;
        Assert.That(loop.Switching);
        loop.Process(frame);
        var byFast = output.TryTake()!;

        Assert.That(loop.Network!.Kind, Is.EqualTo(StyleNetworkKind.MicroAst));
        Assert.That(loop.Switching, Is.False);
        Assert.That((byFast.Stylized.Width, byFast.Stylized.Height), Is.EqualTo((120, 80)), "the new network's size");
        using var resized = new Mat();
        Cv2.Resize(byFast.Stylized, resized, new Size(96, 64), 0, 0, InterpolationFlags.Area);
        Assert.That(Cv2.PSNR(resized, byAdaIn), Is.LessThan(30), "another network, another picture");
    }

    [Test]
    public void EachNetworkCachesItsOwnSignals()
    {
        var dir = TestEnvironment.NewTempDirectory();
        try
        {
            var styles = Path.Combine(dir, "styles");
            Directory.CreateDirectory(styles);
            File.Copy(Path.Combine(TestEnvironment.StyleImages, Scream), Path.Combine(styles, Scream));
            var bytes = File.ReadAllBytes(Path.Combine(styles, Scream));
            var adainCache = StyleSignalsCache.For(TestEnvironment.AdaIn, dir, 64);
            var fastCache = StyleSignalsCache.For(TestEnvironment.MicroAst, dir, 64);
            Assert.That(fastCache.PathFor(bytes), Is.Not.EqualTo(adainCache.PathFor(bytes)));

            foreach (var network in new[] { TestEnvironment.AdaIn, TestEnvironment.MicroAst })
            {
                var bank = new StyleBank(styles, network, StyleSignalsCache.For(network, dir, 64), 64);
                bank.Refresh();
                Assert.That(bank.Styles.Single().Signals.Length, Is.EqualTo(network.SignalLength));
            }
            Assert.That(adainCache.TryLoad(bytes)!.Length, Is.EqualTo(1024));
            Assert.That(fastCache.TryLoad(bytes)!.Length, Is.EqualTo(512));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
