using System.Diagnostics;
using LiveStyle.Core;
using LiveStyle.Core.Frames;
using LiveStyle.Core.Sinks.VirtualCamera;
using NUnit.Framework;
using OpenCvSharp;

namespace LiveStyle.Tests.VirtualCamera;

/// <summary>
/// The virtual camera's writer on its own clock, through the real v4l2loopback output on the device
/// stand-in: a constant rate whatever the inference rate, the newest frame repeated, a still picture
/// before the first frame and while paused.
/// </summary>
public class VirtualCameraSinkTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly Size OutputSize = new(160, 120);

    private static StylizedFrame Solid(byte blue, byte green, byte red, int width = 80, int height = 60)
    {
        var frame = new StylizedFrame();
        frame.Stylized.Create(height, width, MatType.CV_8UC3);
        frame.Stylized.SetTo(new Scalar(blue, green, red));
        return frame;
    }

    private static byte[] Yuyv(StylizedFrame frame)
    {
        using var fitter = new FrameFitter(OutputSize);
        var bgr = fitter.Fit(frame.Stylized);
        var yuyv = new byte[YuvConversion.YuyvSize(OutputSize.Width, OutputSize.Height)];
        unsafe
        {
            YuvConversion.BgrToYuyv(new ReadOnlySpan<byte>((void*)bgr.Data, (int)bgr.Total() * 3), OutputSize.Width, OutputSize.Height, (int)bgr.Step(), yuyv);
        }
        return yuyv;
    }

    private static double MeanLuma(byte[] yuyv)
    {
        long sum = 0;
        for (var i = 0; i < yuyv.Length; i += 2) sum += yuyv[i];
        return sum / (yuyv.Length / 2.0);
    }

    private static void WaitUntil(Func<bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > Patience) Assert.Fail($"timed out waiting until {what}");
            Thread.Sleep(10);
        }
    }

    private static (FakeV4l2Device Device, VirtualCameraSink Sink) Open(double fps = 30)
    {
        var device = new FakeV4l2Device();
        var output = new V4l2LoopbackOutput(device, OutputSize);
        return (device, new VirtualCameraSink(output, new VirtualCameraSettings(OutputSize, fps)));
    }

    [Test]
    public void SendsThirtyFramesASecondWhileInferenceDeliversThree()
    {
        var (device, sink) = Open();
        using var _ = sink;
        var offered = new List<byte[]>();
        // "Inference" at 3 fps: a new, distinct frame every 333 ms for 4 s, from another thread like the sink runner's.
        var producer = new Thread(() =>
        {
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < 12; i++)
            {
                using var frame = Solid((byte)(20 * i), 128, (byte)(240 - 20 * i));
                sink.Write(frame);
                offered.Add(Yuyv(frame));
                var next = TimeSpan.FromMilliseconds(333 * (i + 1));
                if (next > clock.Elapsed) Thread.Sleep(next - clock.Elapsed);
            }
        });
        producer.Start();
        producer.Join();
        sink.Complete();

        // The rate over the middle of the run (from the 10th write to the last), by the writes' own times.
        List<long> times;
        lock (device.Frames) times = [.. device.WriteTimes];
        Assert.That(times, Has.Count.GreaterThan(60), "a 4 s run at 30 fps");
        var seconds = (double)(times[^1] - times[9]) / Stopwatch.Frequency;
        var rate = (times.Count - 10) / seconds;
        TestContext.Out.WriteLine($"{times.Count} frames sent, {rate:F1} fps over {seconds:F2} s, {sink.Repeats} repeats, {offered.Count} stylized frames");
        Assert.That(rate, Is.InRange(27.0, 33.0), "30 fps ± 10 %");

        // Every stylized frame went out, in order, repeated between inferences: the distinct pictures
        // sent are the starting picture and then exactly the offered frames.
        var distinct = new List<byte[]>();
        foreach (var frame in device.Frames)
            if (distinct.Count == 0 || !frame.AsSpan().SequenceEqual(distinct[^1])) distinct.Add(frame);
        Assert.That(distinct.Skip(1), Is.EqualTo(offered));
        Assert.That(sink.Repeats, Is.GreaterThan(times.Count - offered.Count - 3));
    }

    [Test]
    public void BeforeTheFirstFrameItSendsAStartingPictureNotBlack()
    {
        var (device, sink) = Open();
        using var _ = sink;
        WaitUntil(() => device.FrameCount >= 3, "three frames were sent");
        var first = device.Frame(0);
        Assert.That(first, Has.Length.EqualTo(160 * 120 * 2));
        Assert.That(device.Frame(2), Is.EqualTo(first), "the same still picture, repeated");
        var luma = first.Where((_, i) => i % 2 == 0).ToArray();
        Assert.That(luma.Max() - luma.Min(), Is.GreaterThan(100), "a caption on a dark background, not a flat black frame");
    }

    [Test]
    public void WhilePausedItSendsADimmedStillPictureAndThenTheLiveFrameAgain()
    {
        var (device, sink) = Open();
        using var _ = sink;
        using var live = Solid(200, 200, 200);
        var liveYuyv = Yuyv(live);
        sink.Write(live);
        WaitUntil(() => device.FrameCount > 0 && device.Frame(device.FrameCount - 1).AsSpan().SequenceEqual(liveYuyv), "the live frame was sent");

        sink.Paused = true;
        var pausedAt = device.FrameCount;
        WaitUntil(() => device.FrameCount >= pausedAt + 5, "five frames were sent while paused");
        var paused = device.Frame(device.FrameCount - 1);
        Assert.That(paused, Is.Not.EqualTo(liveYuyv));
        Assert.That(device.Frame(device.FrameCount - 2), Is.EqualTo(paused), "a still picture");
        Assert.That(MeanLuma(paused), Is.LessThan(MeanLuma(liveYuyv) - 40), "the last frame, dimmed");

        sink.Paused = false;
        var resumedAt = device.FrameCount;
        WaitUntil(() => device.FrameCount >= resumedAt + 2, "frames were sent after resuming");
        Assert.That(device.Frame(device.FrameCount - 1), Is.EqualTo(liveYuyv));
    }

    [Test]
    public void ADeviceThatFailsStopsTheSinkWithItsMessage()
    {
        var (device, sink) = Open();
        using var _ = sink;
        using var frame = Solid(1, 2, 3);
        WaitUntil(() => device.FrameCount > 0, "a frame was sent");
        device.WriteErrno = V4l2Exception.ENODEV;
        Assert.That(() => sink.Write(frame),
            Throws.TypeOf<LiveStyleException>().With.Message.Contains("stopped taking frames").After((int)Patience.TotalMilliseconds, 20));
    }

    [Test]
    public void CompleteStopsTheClock()
    {
        var (device, sink) = Open();
        using var _ = sink;
        WaitUntil(() => device.FrameCount > 0, "a frame was sent");
        sink.Complete();
        var count = device.FrameCount;
        Thread.Sleep(200);
        Assert.That(device.FrameCount, Is.EqualTo(count));
    }
}
