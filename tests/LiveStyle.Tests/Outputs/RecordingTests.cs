using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using LiveStyle.Core;
using LiveStyle.Core.Frames;
using LiveStyle.Core.Sinks;
using LiveStyle.Core.Sinks.Recording;
using LiveStyle.Core.Threading;
using LiveStyle.Tests.Live;
using NUnit.Framework;
using OpenCvSharp;

namespace LiveStyle.Tests.Outputs;

/// <summary>Recordings made by the real program, headless on the test pattern, read back with OpenCV and ffprobe.</summary>
public class RecordingTests
{
    private string _dir = "";
    private string _styles = "";

    [SetUp]
    public void CreateFolders()
    {
        _dir = TestEnvironment.NewTempDirectory();
        _styles = Path.Combine(_dir, "styles");
        Directory.CreateDirectory(_styles);
        File.Copy(Path.Combine(TestEnvironment.RepositoryRoot, "models", "styles", "ocean_waves.png"), Path.Combine(_styles, "ocean_waves.png"));
    }

    [TearDown] public void DeleteFolders() => Directory.Delete(_dir, recursive: true);

    private AppProcess Record(string file, params string[] extra) =>
        AppProcess.Start(new Dictionary<string, string?> { ["DISPLAY"] = null },
            ["--headless", "--source", "pattern", "--size", "64", "--style-size", "128", "--styles", _styles, "--record", file, .. extra]);

    [TestCase("clip.mkv", null)]
    [TestCase("clip.mp4", null)]
    [TestCase("clip.mov", null)]
    [TestCase("clip.avi", null)]
    [TestCase("clip-h264.mp4", "h264")]
    public void EachStylizedFrameIsEncodedOnceAndTheFileLastsAsLongAsTheRecording(string name, string? codec)
    {
        RequireFfmpeg();
        var file = Path.Combine(_dir, name);
        string[] extra = codec is null ? ["--duration", "4"] : ["--duration", "4", "--codec", codec];
        using var app = Record(file, extra);
        Assert.That(app.WaitForExit(TimeSpan.FromSeconds(90)), Is.EqualTo(0), app.Log);

        // "stopped recording clip.mkv: 24 frames written (...) ...; 25 frames, 3.1 s kept in ..."
        var stopped = Regex.Match(app.Log, @"stopped recording \S+: (\d+) frames written.*; (\d+) frames, ([\d.]+) s kept in");
        Assert.That(stopped.Success, app.Log);
        var stylized = int.Parse(stopped.Groups[1].Value);
        var skipped = int.Parse(Regex.Match(app.Log, @"stopped recording .*, (\d+) skipped above").Groups[1].Value);
        var inFile = int.Parse(stopped.Groups[2].Value);
        var seconds = double.Parse(stopped.Groups[3].Value, CultureInfo.InvariantCulture);
        Assert.That(stylized, Is.GreaterThan(2), app.Log);

        using (var video = new VideoCapture(file))
        {
            Assert.That(video.IsOpened(), $"{file} does not open; log:\n{app.Log}");
            Assert.That((video.FrameWidth, video.FrameHeight), Is.EqualTo((114, 64)), "the stylized size, rounded to even sides");
            if (name.EndsWith(".avi")) Assert.That(video.Fps, Is.EqualTo(30).Within(0.01), "AVI holds ffmpeg's constant rate");
        }
        var probe = FfprobeResult.Of(file);
        TestContext.Out.WriteLine($"{name}: {stylized} stylized frames ({skipped} skipped), {inFile} in the file by the log; ffprobe {probe.Frames} frames, {probe.Seconds:F2} s; recorder {seconds:F2} s");
        if (!name.EndsWith(".avi"))
        {
            // Variable frame rate: no repeats; the last frame is stamped again at the stop so the file lasts until then.
            // At most: the sink's bounded queue may also drop a frame when the encoder lags.
            Assert.That(inFile, Is.LessThanOrEqualTo(stylized - skipped + 1).And.GreaterThan((stylized - skipped) / 2),
                "no repeats (a frame within the same 1/30 s as the previous one is skipped)");
            Assert.That(probe.Frames, Is.EqualTo(inFile), "each stylized frame is in the file once");
        }
        Assert.That(probe.Seconds, Is.EqualTo(seconds).Within(0.25), "the file lasts from the first stylized frame to the stop");
    }

    [TestCase("crash.mkv")]
    [TestCase("crash.mp4")]
    [TestCase("crash.mov")]
    [TestCase("crash.avi")]
    public void KilledWhileRecordingLeavesAPlayableFile(string name)
    {
        if (OperatingSystem.IsWindows()) Assert.Ignore("POSIX signals");
        RequireFfmpeg();
        var file = Path.Combine(_dir, name);
        using var app = Record(file);
        WaitForFramesInTheRecording(app, 8);
        app.Signal("KILL");
        app.WaitForExit(TimeSpan.FromSeconds(20));

        // ffmpeg outlives LiveStyle, sees its input end and finalizes the file.
        var probe = WaitUntilReadable(file);
        TestContext.Out.WriteLine($"{name} after kill -9: {probe.Frames} frames, {probe.Seconds:F2} s");
        Assert.That(probe.Frames, Is.GreaterThanOrEqualTo(8));
        Assert.That(probe.Seconds, Is.GreaterThan(0), "ffmpeg finalized it: the container knows its duration");
        using var video = new VideoCapture(file);
        Assert.That(video.IsOpened() && CountFrames(video) >= 8, "OpenCV reads it too");
    }

    [TestCase("tree.mkv")]
    [TestCase("tree.mp4")]
    [TestCase("tree.mov")]
    public void KilledTogetherWithFfmpegTheStreamableContainersStayPlayable(string name)
    {
        if (OperatingSystem.IsWindows()) Assert.Ignore("POSIX signals");
        RequireFfmpeg();
        var file = Path.Combine(_dir, name);
        using var app = Record(file);
        WaitForFramesInTheRecording(app, 8);
        Thread.Sleep(2500);   // MKV clusters and MP4 fragments are closed every second
        app.KillTree();

        var probe = FfprobeResult.Of(file);
        TestContext.Out.WriteLine($"{name} after killing LiveStyle and ffmpeg: {probe.Frames} frames, {probe.Seconds:F2} s");
        Assert.That(probe.Frames, Is.GreaterThanOrEqualTo(1), "what was flushed before the kill plays");
    }

    private static void WaitForFramesInTheRecording(AppProcess app, int frames)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            var counts = Regex.Matches(app.Log, @"recording \S+: (\d+) written");
            if (counts.Count > 0 && int.Parse(counts[^1].Groups[1].Value) >= frames) return;
            Thread.Sleep(200);
        }
        Assert.Fail($"the recording did not reach {frames} frames; log:\n{app.Log}");
    }

    private static FfprobeResult WaitUntilReadable(string file)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            try
            {
                return FfprobeResult.Of(file);
            }
            catch (InvalidOperationException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(250);
            }
        }
    }

    [Test]
    public void UnwritablePathIsReportedAndTheLiveViewGoesOn()
    {
        var blocker = Path.Combine(_dir, "not-a-folder");
        File.WriteAllText(blocker, "a file where the folder should be");
        using var app = Record(Path.Combine(blocker, "clip.mkv"), "--duration", "2");
        Assert.That(app.WaitForExit(TimeSpan.FromSeconds(60)), Is.EqualTo(1), "a recording asked for on the command line failed: " + app.Log);
        Assert.That(app.Log, Does.Contain("recording not started: cannot record to"));
        Assert.That(app.Log, Does.Match(@"stopped after [\d.]+ s: [1-9]\d* frames stylized"), "the live view went on");
        Assert.That(app.Log, Does.Contain("livestyle: error: recording failed: the recording asked for with --record"));
    }

    [TestCase("full.avi")]
    [TestCase("full.mkv")]
    public void FullDiskStopsTheRecordingWritesNothingMoreAndKeepsAPlayableFile(string name)
    {
        RequireFfmpeg();
        var file = Path.Combine(_dir, name);
        var free = long.MaxValue;
        var recorder = new VideoRecorderSink(file, VideoCodec.Auto, 30, _ => new DiskSpace(free, long.MaxValue));
        var messages = new List<string>();
        // As in the live view, each offered frame is a fresh one from the pool, shared with the sink.
        // Frames are stamped 1/30 s apart whatever the machine's load does to the sleeps below, so
        // the file's frame count does not depend on how late this thread woke up.
        using var frames = new LatestMailbox<StylizedFrame>(() => new StylizedFrame(), 3, 16);
        using var runner = new SinkRunner(recorder, frames, log: messages.Add);
        var origin = Stopwatch.GetTimestamp();
        var offered = 0;
        bool OfferFrame(Scalar colour)
        {
            var frame = frames.Rent();
            frame.Stylized.Create(48, 64, MatType.CV_8UC3);
            frame.Original.Create(48, 64, MatType.CV_8UC3);
            frame.Stylized.SetTo(colour);
            frame.CapturedAt = origin + offered++ * Stopwatch.Frequency / 30;
            var queued = runner.Offer(frame);
            frames.Return(frame);
            return queued;
        }

        for (var i = 0; i < 36; i++)
        {
            OfferFrame(new Scalar(0, i * 7 % 255, 100));
            // Until the disk fills, every frame is written (none dropped while ffmpeg starts on a loaded
            // machine): a dropped frame would leave a gap that AVI's constant rate fills with copies.
            var wait = Stopwatch.StartNew();
            while (runner.Written < i + 1 && wait.Elapsed < TimeSpan.FromSeconds(30)) Thread.Sleep(5);
        }
        free = 10 * 1024 * 1024;   // the disk fills up
        var offerTimes = new List<double>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(1.4))
        {
            var t = Stopwatch.StartNew();
            OfferFrame(new Scalar(0, 0, 100));
            offerTimes.Add(t.Elapsed.TotalMilliseconds);
            Thread.Sleep(33);
        }

        Assert.That(runner.IsRunning, Is.False);
        Assert.That(runner.Error, Does.Contain("is full").And.Contain("file so far is kept"));
        Assert.That(messages, Has.Some.Contains("stopped"));
        Assert.That(offerTimes.Max(), Is.LessThan(50), "a stopped sink never blocks the caller");
        var writtenWhenFull = recorder.FramesWritten;
        Thread.Sleep(1000);   // 30 more slots pass: nothing may be padded for them at the stop
        runner.Stop();
        Assert.That(recorder.Outcome, Does.StartWith("stopped early; "));
        Assert.That(recorder.FramesWritten, Is.EqualTo(writtenWhenFull), "nothing written after the recorder said it stopped");
        var probe = FfprobeResult.Of(file);
        // AVI holds ffmpeg's constant rate, which may round the frames' times to one frame more or less;
        // padding to the stop would add 30 frames here.
        Assert.That(probe.Frames, Is.EqualTo(writtenWhenFull).Within(name.EndsWith(".avi") ? 2 : 0), "what was written stays playable, and nothing else");
        Assert.That(probe.Frames, Is.GreaterThan(20));
    }

    [Test]
    public void FormatFollowsTheExtensionAndCodec()
    {
        Assert.That(RecordingFormat.For("a.avi", VideoCodec.Auto, ffmpegAvailable: false), Is.EqualTo(new RecordingFormat(VideoCodec.Mjpg, false)));
        Assert.That(RecordingFormat.For("a.mp4", VideoCodec.Auto, false), Is.EqualTo(new RecordingFormat(VideoCodec.Mp4v, false)));
        Assert.That(RecordingFormat.For("a.mkv", VideoCodec.Auto, false), Is.EqualTo(new RecordingFormat(VideoCodec.Ffv1, false)));
        Assert.That(RecordingFormat.For("a.mkv", VideoCodec.Auto, true), Is.EqualTo(new RecordingFormat(VideoCodec.Ffv1, true)));
        Assert.That(RecordingFormat.For("a.mp4", VideoCodec.Auto, true), Is.EqualTo(new RecordingFormat(VideoCodec.Mp4v, true)), "every container through ffmpeg when it is there");
        Assert.That(RecordingFormat.For("a.avi", VideoCodec.Auto, true), Is.EqualTo(new RecordingFormat(VideoCodec.Mjpg, true)));
        var error = Assert.Throws<LiveStyleException>(() => RecordingFormat.For("a.mp4", VideoCodec.H264, false))!;
        Assert.That(error.Message, Does.Contain("apt install ffmpeg"));
        Assert.Throws<LiveStyleException>(() => RecordingFormat.For("a.gif", VideoCodec.Auto, true));
    }

    private static void RequireFfmpeg()
    {
        if (!FfmpegPipeEncoder.IsAvailable || !FfprobeResult.IsAvailable) Assert.Ignore("ffmpeg and ffprobe are not installed (.ci/run installs them)");
    }

    private static int CountFrames(VideoCapture video)
    {
        using var mat = new Mat();
        var count = 0;
        while (video.Read(mat) && !mat.Empty()) count++;
        return count;
    }
}
