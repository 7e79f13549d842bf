using LiveStyle.Core.Threading;
using System.Collections.Concurrent;
using System.Diagnostics;
using LiveStyle.Core;
using LiveStyle.Core.Frames;
using LiveStyle.Core.Pipeline;
using LiveStyle.Core.Sources;
using NUnit.Framework;

namespace LiveStyle.Tests.Sources;

public class CaptureLoopTests
{
    private LatestMailbox<Frame> _mailbox = null!;

    [SetUp] public void CreateMailbox() => _mailbox = new LatestMailbox<Frame>(() => new Frame());
    [TearDown] public void DisposeMailbox() => _mailbox.Dispose();

    private static void WaitFor(Func<bool> condition, string what, double seconds = 3)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed.TotalSeconds > seconds) Assert.Fail($"timed out waiting for {what}");
            Thread.Sleep(5);
        }
    }

    [TestCase(false, TestName = "ReconnectsAfterReadsFail")]
    [TestCase(true, TestName = "ReconnectsAfterReadThrows")]
    public void ReconnectsAfterTheSourceIsLost(bool throwOnFailure)
    {
        var cameras = new List<FakeCamera>();
        IFrameSource Open()
        {
            // The first camera dies after 10 frames; the one opened after it keeps going.
            var camera = cameras.Count == 0 ? new FakeCamera(10, throwOnFailure) : new FakeCamera();
            lock (cameras) cameras.Add(camera);
            return camera;
        }
        var statuses = new ConcurrentQueue<CaptureStatus>();
        var log = new ConcurrentQueue<string>();
        using var loop = new CaptureLoop(_mailbox, Open, log.Enqueue)
        {
            FirstRetryDelay = TimeSpan.FromMilliseconds(50),
            FailedReadPause = TimeSpan.FromMilliseconds(1),
        };
        loop.StatusChanged += statuses.Enqueue;

        loop.Start();
        WaitFor(() => cameras.Count == 2 && cameras[1].Delivered >= 10, "frames from the reopened camera");

        Assert.That(cameras[0].Disposed, Is.True, "the lost camera is disposed");
        Assert.That(loop.Status.State, Is.EqualTo(CaptureState.Running));
        Assert.That(loop.Status.SourceName, Is.EqualTo("fake camera"));
        Assert.That(loop.CapturedFrames, Is.GreaterThanOrEqualTo(20));

        var states = statuses.Select(s => s.State).ToList();
        Assert.That(states, Is.EqualTo(new[] { CaptureState.Running, CaptureState.Running, CaptureState.Lost, CaptureState.Reconnecting, CaptureState.Running }));
        var lost = statuses.First(s => s.State == CaptureState.Lost);
        Assert.That(lost.Message, Is.EqualTo("fake camera lost: reconnecting in 0.05 s (attempt 1)"));
        Assert.That(lost.CapturedFrames, Is.EqualTo(10));
        Assert.That(log.First(), Does.StartWith("fake camera lost (").And.Contain(throwOnFailure ? "device unplugged" : "5 reads in a row failed"));
        Assert.That(log, Does.Contain("fake camera reconnected"));

        var frame = _mailbox.Take(TimeSpan.FromSeconds(1));
        Assert.That(frame, Is.Not.Null);
        Assert.That(frame!.Sequence, Is.GreaterThan(10), "sequence numbers continue across the reconnect");
        _mailbox.Return(frame);

        loop.Stop();
        Assert.That(cameras[1].Disposed, Is.True, "stopping disposes the source");
        Assert.That(loop.Status.State, Is.EqualTo(CaptureState.Stopped));
    }

    [Test]
    public void BacksOffWhileTheSourceCannotBeOpened()
    {
        var calls = 0;
        IFrameSource Open() =>
            Interlocked.Increment(ref calls) <= 3 ? throw new LiveStyleException("camera 0 could not be opened") : new FakeCamera();
        var statuses = new ConcurrentQueue<CaptureStatus>();
        using var loop = new CaptureLoop(_mailbox, Open, sourceName: "camera 0") { FirstRetryDelay = TimeSpan.FromMilliseconds(20) };
        loop.StatusChanged += statuses.Enqueue;

        var clock = Stopwatch.StartNew();
        loop.Start();
        WaitFor(() => loop.CapturedFrames > 0, "the first frame");

        Assert.That(clock.Elapsed.TotalMilliseconds, Is.GreaterThanOrEqualTo(20 + 40 + 80), "waited 20, 40 and 80 ms");
        var lost = statuses.Where(s => s.State == CaptureState.Lost).Select(s => s.Message);
        Assert.That(lost, Is.EqualTo(new[]
        {
            "camera 0 lost: reconnecting in 0.02 s (attempt 1)",
            "camera 0 lost: reconnecting in 0.04 s (attempt 2)",
            "camera 0 lost: reconnecting in 0.08 s (attempt 3)",
        }));
        Assert.That(loop.Status.State, Is.EqualTo(CaptureState.Running));
    }

    [Test]
    public void RetryDelaysDoubleUpToFiveSeconds()
    {
        using var loop = new CaptureLoop(_mailbox, () => new FakeCamera());
        var delays = Enumerable.Range(1, 7).Select(a => loop.RetryDelay(a).TotalSeconds);
        Assert.That(delays, Is.EqualTo(new[] { 0.5, 1, 2, 4, 5, 5, 5 }));
    }

    [Test]
    public void StopIsPromptWhileWaitingToReconnect()
    {
        using var loop = new CaptureLoop(_mailbox, () => throw new LiveStyleException("no camera")) { FirstRetryDelay = TimeSpan.FromSeconds(5) };
        loop.Start();
        WaitFor(() => loop.Status.State == CaptureState.Lost, "the loss");

        var clock = Stopwatch.StartNew();
        loop.Stop();
        Assert.That(clock.ElapsedMilliseconds, Is.LessThan(200));
        Assert.That(loop.Status.State, Is.EqualTo(CaptureState.Stopped));
    }

    [Test]
    public void StopIsPromptBetweenSlowFrames()
    {
        using var loop = new CaptureLoop(_mailbox, () => new TestPatternSource(32, 32, 0.5));
        loop.Start();
        WaitFor(() => loop.CapturedFrames == 1, "the first frame");

        var clock = Stopwatch.StartNew();
        loop.Stop();
        Assert.That(clock.ElapsedMilliseconds, Is.LessThan(200));
    }

    [Test]
    public void ASlowConsumerGetsTheNewestFrameAndDoesNotSlowCapture()
    {
        using var loop = new CaptureLoop(_mailbox, () => new TestPatternSource(64, 48, 100));
        var clock = Stopwatch.StartNew();
        loop.Start();

        var taken = new List<long>();
        for (var i = 0; i < 6; i++)
        {
            Thread.Sleep(100);
            var newestPublished = loop.CapturedFrames;
            var frame = _mailbox.TryTake();
            Assert.That(frame, Is.Not.Null);
            Assert.That(frame!.Sequence, Is.GreaterThanOrEqualTo(newestPublished), "the consumer gets the newest frame");
            Assert.That(frame.CapturedAt, Is.GreaterThan(0));
            Assert.That((frame.Width, frame.Height), Is.EqualTo((64, 48)));
            taken.Add(frame.Sequence);
            _mailbox.Return(frame);
        }
        var captured = loop.CapturedFrames;
        var seconds = clock.Elapsed.TotalSeconds;
        var fps = loop.Status.Fps;
        loop.Stop();

        Assert.That(taken, Is.Ordered.Ascending);
        Assert.That(captured / seconds, Is.GreaterThan(85), "capture keeps its rate");
        Assert.That(fps, Is.InRange(85, 115), "measured capture rate");
        Assert.That(_mailbox.Dropped, Is.GreaterThanOrEqualTo(captured - 6 - 1 - 1), "all frames but the taken ones were dropped");
        Assert.That(_mailbox.Dropped, Is.GreaterThan(40));
    }

    [Test]
    public void PacesFileLikeSourcesAtTheirRate()
    {
        using var loop = new CaptureLoop(_mailbox, () => new TestPatternSource(64, 48, 50));
        var clock = Stopwatch.StartNew();
        loop.Start();
        Thread.Sleep(1000);
        var captured = loop.CapturedFrames;
        var seconds = clock.Elapsed.TotalSeconds;
        loop.Stop();

        Assert.That(captured, Is.InRange(45, 55), $"{captured} frames in {seconds:0.000} s");
    }

    [Test]
    public void UsesASourceOpenedByTheCaller()
    {
        var calls = 0;
        using var loop = new CaptureLoop(_mailbox, () => { calls++; return new FakeCamera(); });
        var camera = new FakeCamera();
        loop.Start(camera);
        WaitFor(() => loop.CapturedFrames >= 3, "frames");
        loop.Stop();
        Assert.That(calls, Is.Zero);
        Assert.That(camera.Disposed, Is.True);
    }
}
