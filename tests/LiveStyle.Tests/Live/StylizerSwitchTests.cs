using LiveStyle.Core.Threading;
using System.Diagnostics;
using LiveStyle.Core.Frames;
using LiveStyle.Core.Inference;
using LiveStyle.Core.Networks;
using LiveStyle.Core.Quantization;
using LiveStyle.Core.Pipeline;
using LiveStyle.Core.Styling;
using NUnit.Framework;
using OpenCvSharp;

namespace LiveStyle.Tests.Live;

/// <summary>
/// The inference loop while models are still being built (issue 11, case 3): the camera shows
/// through until a network is ready, then fp32 stylizes, then int8 replaces it between frames,
/// with real sessions on the real weights.
/// </summary>
public class StylizerSwitchTests
{
    private static Frame CameraFrame(long sequence)
    {
        var frame = new Frame { Sequence = sequence, CapturedAt = Stopwatch.GetTimestamp() };
        using var photo = Cv2.ImRead(Path.Combine(TestEnvironment.ContentImages, "sailboat.jpg"));
        Cv2.Resize(photo, frame.Bgr, new Size(128, 72));
        return frame;
    }

    private static IReadOnlyList<StyleEntry> OneStyle()
    {
        using var bgr = Cv2.ImRead(Path.Combine(TestEnvironment.StyleImages, "great_wave__hokusai_c1831.jpg"));
        using var small = LiveStyle.Core.Imaging.ImageResize.ShorterSideTo(bgr, 64);
        return [new StyleEntry("wave", "wave", TestEnvironment.AdaIn.EncodeStyle(LiveStyle.Core.Imaging.ImageConversion.ToPlanar(small)))];
    }

    [Test]
    public void CameraShowsThroughUntilAStylizerIsReady_ThenFp32_ThenInt8IsSwitchedToLive()
    {
        var int8 = TestEnvironment.Int8.Result;
        Assert.That(int8.Accepted, "the test run's int8 model passed its gate");
        var messages = new List<string>();
        using var input = new LatestMailbox<Frame>(() => new Frame());
        using var output = new LatestMailbox<StylizedFrame>(() => new StylizedFrame());
        var styles = OneStyle();
        using var int8Network = StyleNetworks.Open(StyleNetworkKind.AdaIn, TestEnvironment.Store, Precision.Int8, ExecutionDevice.Cpu, new CalibrationOptions(), _ => { });
        Assert.That(int8Network.Precision, Is.EqualTo(Precision.Int8));
        var size = InferenceSize.Parse("48");
        using var loop = new StylizeLoop(input, output, null, new StyleController(() => styles, crossFade: TimeSpan.Zero), size, messages.Add);
        using var frame = CameraFrame(1);

        loop.Process(frame);
        var shown = output.TryTake()!;
        Assert.That(shown.Passthrough, Is.True, "no stylizer yet: the camera frame as it is");
        Assert.That(ImageAssert.Psnr(shown.Stylized, frame.Bgr), Is.GreaterThan(60));
        Assert.That(loop.FramesStylized, Is.Zero);
        output.Return(shown);

        loop.SwitchTo(TestEnvironment.AdaIn, size);
        loop.Process(frame);
        using var fp32 = new Mat();
        var first = output.TryTake()!;
        Assert.That((first.Passthrough, first.Stylized.Width, first.Stylized.Height), Is.EqualTo((false, 85, 48)));
        first.Stylized.CopyTo(fp32);
        output.Return(first);
        Assert.That(loop.Network!.Precision, Is.EqualTo(Precision.Fp32));

        loop.SwitchTo(int8Network, size);
        loop.Process(frame);
        var second = output.TryTake()!;
        Assert.That(second.Passthrough, Is.False);
        Assert.That(loop.Network, Is.SameAs(int8Network));
        var psnr = ImageAssert.Psnr(second.Stylized, fp32);
        TestContext.Out.WriteLine($"int8 after the switch vs fp32 before it: {psnr:F1} dB");
        Assert.That(psnr, Is.GreaterThan(25).And.LessThan(90), "a different (quantized) network drew the same picture");
        output.Return(second);
        Assert.That(messages, Has.Some.Contain("with adain fp32").And.Some.Contain("with adain int8"));
    }

    [Test]
    public void ARunningLoopPicksUpANetworkGivenFromAnotherThread()
    {
        using var input = new LatestMailbox<Frame>(() => new Frame());
        using var output = new LatestMailbox<StylizedFrame>(() => new StylizedFrame(), 6);
        var styles = OneStyle();
        var size = InferenceSize.Parse("48");
        using var loop = new StylizeLoop(input, output, null, new StyleController(() => styles), size);
        loop.Start();
        var offered = false;
        var stylized = false;
        for (var i = 1; i < 400 && !stylized; i++)
        {
            var frame = input.Rent();
            using (var camera = CameraFrame(i)) camera.Bgr.CopyTo(frame.Bgr);
            frame.Sequence = i;
            input.Publish(frame);
            if (output.Take(TimeSpan.FromSeconds(5)) is { } result)
            {
                stylized = !result.Passthrough;
                output.Return(result);
            }
            if (!offered && i == 3)
            {
                new Thread(() => loop.SwitchTo(TestEnvironment.AdaIn, size)).Start();
                offered = true;
            }
        }
        Assert.That(stylized, "frames are stylized once the network given is taken up");
    }
}
