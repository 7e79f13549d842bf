using System.Diagnostics;
using LiveStyle.App.Live;
using LiveStyle.Core.Frames;
using LiveStyle.Core.Pipeline;
using LiveStyle.Core.Sinks;
using LiveStyle.Core.Sources;
using LiveStyle.Core.Styling;
using LiveStyle.Core.Threading;
using NUnit.Framework;
using OpenCvSharp;

namespace LiveStyle.Tests.Live;

/// <summary>Stopping with threads that do not stop at once (issue 11, case 16).</summary>
public class StoppingTests
{
    /// <summary>
    /// Stands in for a webcam whose driver hangs in a read (there is none on the test machines):
    /// the first read delivers a frame, the second blocks until released and then writes into
    /// the frame it was given, as a driver returning late would.
    /// </summary>
    private sealed class HangingCamera : IFrameSource
    {
        private readonly ManualResetEventSlim _release = new();
        private int _reads;
        public ManualResetEventSlim InRead { get; } = new();
        public ManualResetEventSlim LateWriteDone { get; } = new();
        public Exception? LateWriteError { get; private set; }
        public string Name => "hanging camera";
        public double FramesPerSecond => 30;
        public bool IsLive => true;

        public bool Read(Mat bgr)
        {
            if (Interlocked.Increment(ref _reads) > 1)
            {
                InRead.Set();
                _release.Wait();
                try
                {
                    bgr.Create(480, 640, MatType.CV_8UC3);
                    bgr.SetTo(new Scalar(1, 2, 3));
                }
                catch (Exception e)
                {
                    LateWriteError = e;
                }
                LateWriteDone.Set();
                return false;
            }
            bgr.Create(48, 64, MatType.CV_8UC3);
            bgr.SetTo(new Scalar(10, 20, 30));
            return true;
        }

        public void Release() => _release.Set();
        public void Dispose() { }
    }

    [Test]
    public void ACaptureThreadStuckInAReadNeverWritesIntoFreedFrames()
    {
        var camera = new HangingCamera();
        var messages = new List<string>();
        var pipeline = new LivePipeline(() => camera, camera.Name, TestEnvironment.AdaIn, new StyleController(() => []), InferenceSize.Parse("32"),
            m => { lock (messages) messages.Add(m); });
        pipeline.Start();
        Assert.That(camera.InRead.Wait(TimeSpan.FromSeconds(10)), "the camera hangs in its second read");

        pipeline.Dispose();   // gives the capture thread its 2 s, then leaves it behind
        camera.Release();
        Assert.That(camera.LateWriteDone.Wait(TimeSpan.FromSeconds(10)));

        Assert.That(camera.LateWriteError, Is.Null, "the late read wrote into a live frame, not a disposed one");
        lock (messages)
        {
            Assert.That(messages, Has.Some.Contains("leaving the capture thread behind"));
            Assert.That(messages, Has.Some.Contains("left allocated"));
        }
    }

    /// <summary>A sink whose finishing takes as long as the test says (a recorder flushing a long H.264 encode, a slow disk).</summary>
    private sealed class SlowToFinishSink : IFrameSink
    {
        public ManualResetEventSlim MayFinish { get; } = new();
        public volatile bool Completed;
        public string Name => "slow sink";
        public void Write(StylizedFrame frame) { }
        public void Complete()
        {
            MayFinish.Wait();
            Completed = true;
        }
        public void Dispose() { }
    }

    [Test]
    public void RemovingASinkNeverWaitsForIt_DisposingTheSetWaitsForEveryOne()
    {
        var messages = new List<string>();
        using var frames = new LatestMailbox<StylizedFrame>(() => new StylizedFrame());
        var sinks = new SinkSet(frames, m => { lock (messages) messages.Add(m); });
        var sink = new SlowToFinishSink();
        var runner = sinks.Add(sink);

        new Thread(() => { Thread.Sleep(3000); sink.MayFinish.Set(); }).Start();   // finishing takes 3 s
        var clock = Stopwatch.StartNew();
        sinks.Remove(runner);   // what R does on the UI thread
        Assert.That(clock.Elapsed, Is.LessThan(TimeSpan.FromSeconds(1)), "the UI thread is not held while the sink finishes");
        Assert.That(sinks.Describe(), Does.Contain("slow sink: finishing"));
        Assert.That(sink.Completed, Is.False);

        sinks.Dispose();   // at exit
        Assert.That(sink.Completed, Is.True, "exit waits until the sink has finished its output");
        lock (messages) Assert.That(messages, Has.Some.StartsWith("stopped slow sink"));
    }

    [Test]
    public void ASnapshotTakenJustBeforeQuittingIsOnDiskWhenTheOutputsAreClosed()
    {
        var dir = TestEnvironment.NewTempDirectory();
        try
        {
            var options = LiveOptions.Parse(["--headless", "--snapshots", dir]);
            using var frames = new LatestMailbox<StylizedFrame>(() => new StylizedFrame());
            var outputs = new LiveOutputs(options, new LiveLog(TextWriter.Null), 30, frames);
            var frame = frames.Rent();
            frame.CapturedAt = Stopwatch.GetTimestamp();
            // Big and noisy, so writing the PNGs takes a while.
            frame.Stylized.Create(1440, 2560, MatType.CV_8UC3);
            Cv2.Randu(frame.Stylized, Scalar.All(0), Scalar.All(255));
            frame.Stylized.CopyTo(frame.Original);
            outputs.Offer(frame);
            outputs.Snapshot();
            outputs.Dispose();   // the program exits right after this
            outputs.Release(frame);
            frames.Return(frame);

            var files = Directory.GetFiles(dir, "*.png");
            Assert.That(files, Has.Length.EqualTo(2), "both the stylized frame and its original were written before exit");
            using var written = Cv2.ImRead(files.Single(f => !f.EndsWith("-original.png")));
            Assert.That((written.Width, written.Height), Is.EqualTo((2560, 1440)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
