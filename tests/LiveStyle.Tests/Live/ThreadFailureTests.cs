using LiveStyle.Core.Threading;
using System.Diagnostics;
using LiveStyle.Core.Frames;
using LiveStyle.Core.Inference;
using LiveStyle.Core.Pipeline;
using LiveStyle.Core.Styling;
using NUnit.Framework;
using OpenCvSharp;

namespace LiveStyle.Tests.Live;

/// <summary>
/// Background loops meet something unexpected (issue 11, case 15): the failure is reported, that
/// frame or rescan is skipped, pooled buffers go back, and the loop goes on. Before, an exception
/// of an unlisted type ended the process from the background thread.
/// </summary>
public class ThreadFailureTests
{
    private static IReadOnlyList<StyleEntry> OneStyle()
    {
        using var bgr = Cv2.ImRead(Path.Combine(TestEnvironment.StyleImages, "great_wave__hokusai_c1831.jpg"));
        using var small = LiveStyle.Core.Imaging.ImageResize.ShorterSideTo(bgr, 64);
        return [new StyleEntry("wave", "wave", TestEnvironment.AdaIn.EncodeStyle(LiveStyle.Core.Imaging.ImageConversion.ToPlanar(small)))];
    }

    private static void Send(LatestMailbox<Frame> input, MatType type, long sequence)
    {
        var frame = input.Rent();
        frame.Bgr.Create(72, 128, type);
        frame.Bgr.SetTo(new Scalar(90, 120, 150));
        frame.Sequence = sequence;
        frame.CapturedAt = Stopwatch.GetTimestamp();
        input.Publish(frame);
    }

    [TestCase(true, TestName = "AFrameThatIsNot8BitBgrIsReportedAndTheInferenceLoopGoesOn")]
    [TestCase(false, TestName = "FramesThatFailAfterRentingAnOutputGiveItBack")]
    public void BadFramesDoNotEndTheInferenceLoop(bool withStylizer)
    {
        var messages = new List<string>();
        using var input = new LatestMailbox<Frame>(() => new Frame());
        using var output = new LatestMailbox<StylizedFrame>(() => new StylizedFrame());   // 3 items: a leak shows at once
        var styles = OneStyle();
        using var loop = new StylizeLoop(input, output, withStylizer ? TestEnvironment.AdaIn : null, new StyleController(() => styles), InferenceSize.Parse("48"),
            m => { lock (messages) messages.Add(m); });
        loop.Start();

        for (var i = 1; i <= 8; i++)
        {
            Send(input, MatType.CV_8UC1, i);   // grey, as a misbehaving driver might deliver
            Assert.That(output.Take(TimeSpan.FromMilliseconds(300)), Is.Null, "a grey frame gives no output");
        }
        Send(input, MatType.CV_8UC3, 9);
        var result = output.Take(TimeSpan.FromSeconds(20));

        Assert.That(result, Is.Not.Null, "the loop is alive and still has output buffers");
        Assert.That(result!.Sequence, Is.EqualTo(9));
        Assert.That(result.Passthrough, Is.EqualTo(!withStylizer));
        output.Return(result);
        lock (messages)
            Assert.That(messages.Count(m => m.Contains("not stylized: ArgumentException")), Is.EqualTo(1), "reported once: " + string.Join("\n", messages));
    }

    [Test]
    public void TheStyleWatcherSurvivesARescanThatThrowsAnythingAndKeepsTheStyles()
    {
        var dir = TestEnvironment.NewTempDirectory();
        try
        {
            var styles = Path.Combine(dir, "styles");
            Directory.CreateDirectory(styles);
            File.Copy(Path.Combine(TestEnvironment.RepositoryRoot, "models", "styles", "ocean_waves.png"), Path.Combine(styles, "ocean_waves.png"));
            var messages = new List<string>();
            var cache = new StyleSignalsCache(Path.Combine(dir, "cache"), "test-model", TestEnvironment.AdaIn.SignalLength, 0);
            // Style size 0 keeps an image's own size, so a 1×1 image reaches the encoder, whose reflection padding refuses it.
            var bank = new StyleBank(styles, TestEnvironment.AdaIn, cache, 0, m => { lock (messages) messages.Add(m); });
            bank.Refresh();
            Assert.That(bank.Styles, Has.Count.EqualTo(1));
            using var watcher = new StyleBankWatcher(bank, TimeSpan.FromMilliseconds(50), m => { lock (messages) messages.Add(m); });

            using (var dot = new Mat(1, 1, MatType.CV_8UC3, new Scalar(1, 2, 3))) Cv2.ImWrite(Path.Combine(styles, "dot.png"), dot);
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (DateTime.UtcNow < deadline && !HasFailure()) Thread.Sleep(50);
            bool HasFailure() { lock (messages) return messages.Any(m => m.Contains("rescanning the styles failed")); }

            Assert.That(HasFailure(), "the failure is reported: " + string.Join("\n", messages));
            Assert.That(bank.Styles, Has.Count.EqualTo(1), "the styles loaded so far stay");
            File.Delete(Path.Combine(styles, "dot.png"));
            File.Copy(Path.Combine(TestEnvironment.RepositoryRoot, "models", "styles", "stained_glass.png"), Path.Combine(styles, "stained_glass.png"));
            deadline = DateTime.UtcNow.AddSeconds(20);
            while (DateTime.UtcNow < deadline && bank.Styles.Count < 2) Thread.Sleep(50);
            Assert.That(bank.Styles, Has.Count.EqualTo(2), "the watcher still runs and picks up new styles");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
