using System.Diagnostics;
using LiveStyle.Core;
using LiveStyle.Core.Frames;
using LiveStyle.Core.Sinks;
using LiveStyle.Core.Sinks.Recording;
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
    [TestCase("clip.avi", null)]
    [TestCase("clip-h264.mp4", "h264")]
    public void ThreeSecondRecordingHasTheRightSizeRateAndDuration(string name, string? codec)
    {
        if (codec == "h264" && !FfmpegPipeEncoder.IsAvailable) Assert.Ignore("ffmpeg is not installed");
        var file = Path.Combine(_dir, name);
        string[] extra = codec is null ? ["--duration", "3"] : ["--duration", "3", "--codec", codec];
        using var app = Record(file, extra);
        Assert.That(app.WaitForExit(TimeSpan.FromSeconds(60)), Is.EqualTo(0), app.Log);

        using var video = new VideoCapture(file);
        Assert.That(video.IsOpened(), $"{file} does not open; log:\n{app.Log}");
        Assert.That((video.FrameWidth, video.FrameHeight), Is.EqualTo((114, 64)), "the stylized size, rounded to even sides");
        Assert.That(video.Fps, Is.EqualTo(30).Within(0.01), "the pattern's frame rate");
        var frames = CountFrames(video);
        var seconds = frames / 30.0;
        TestContext.Out.WriteLine($"{name}: {frames} frames = {seconds:F2} s");
        // The process records from shortly after start to the end of --duration: 3 s of wall clock.
        Assert.That(seconds, Is.EqualTo(3.0).Within(3.0 * 0.05 + 1 / 30.0));
    }

    [Test]
    public void KilledWhileRecordingMkvLeavesAPlayableFile()
    {
        if (OperatingSystem.IsWindows()) Assert.Ignore("POSIX signals");
        if (!FfmpegPipeEncoder.IsAvailable) Assert.Ignore("crash-safe MKV goes through ffmpeg");
        var file = Path.Combine(_dir, "crash.mkv");
        using var app = Record(file);
        app.WaitFor("stylizing at", TimeSpan.FromSeconds(60));
        Thread.Sleep(2500);
        app.Signal("KILL");
        app.WaitForExit(TimeSpan.FromSeconds(20));
        Thread.Sleep(1000);   // ffmpeg sees its input end and finalizes the file

        using var video = new VideoCapture(file);
        Assert.That(video.IsOpened(), "the file opens after the recorder was killed");
        var frames = CountFrames(video);
        TestContext.Out.WriteLine($"killed after ~2.5 s: {frames} frames readable");
        Assert.That(frames, Is.GreaterThanOrEqualTo(30), "at least the first second survives");
    }

    [Test]
    public void UnwritablePathIsReportedAndTheLiveViewGoesOn()
    {
        var blocker = Path.Combine(_dir, "not-a-folder");
        File.WriteAllText(blocker, "a file where the folder should be");
        using var app = Record(Path.Combine(blocker, "clip.mkv"), "--duration", "2");
        Assert.That(app.WaitForExit(TimeSpan.FromSeconds(60)), Is.EqualTo(0), app.Log);
        Assert.That(app.Log, Does.Contain("recording not started: cannot record to"));
        Assert.That(app.Log, Does.Match(@"stopped after [\d.]+ s: [1-9]\d* frames stylized"));
    }

    [Test]
    public void FullDiskStopsTheRecordingKeepsTheFileAndTheOtherFramesFlow()
    {
        var file = Path.Combine(_dir, "full.avi");
        var free = long.MaxValue;
        var recorder = new VideoRecorderSink(file, VideoCodec.Auto, 30, _ => free);
        var messages = new List<string>();
        using var runner = new SinkRunner(recorder, log: messages.Add);
        using var frame = new StylizedFrame();
        frame.Stylized.Create(48, 64, MatType.CV_8UC3);
        frame.Original.Create(48, 64, MatType.CV_8UC3);

        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(1.2))
        {
            frame.Stylized.SetTo(new Scalar(0, clock.ElapsedMilliseconds % 255, 100));
            runner.Offer(frame);
            Thread.Sleep(33);
        }
        free = 10 * 1024 * 1024;   // the disk fills up
        var offerTimes = new List<double>();
        while (clock.Elapsed < TimeSpan.FromSeconds(2.6))
        {
            var t = Stopwatch.StartNew();
            runner.Offer(frame);
            offerTimes.Add(t.Elapsed.TotalMilliseconds);
            Thread.Sleep(33);
        }

        Assert.That(runner.IsRunning, Is.False);
        Assert.That(runner.Error, Does.Contain("is full").And.Contain("file so far is kept"));
        Assert.That(messages, Has.Some.Contains("stopped"));
        Assert.That(offerTimes.Max(), Is.LessThan(50), "a stopped sink never blocks the caller");
        runner.Stop();
        using var video = new VideoCapture(file);
        Assert.That(video.IsOpened(), "what was written stays playable");
        Assert.That(CountFrames(video), Is.GreaterThan(20));
    }

    [Test]
    public void FormatFollowsTheExtensionAndCodec()
    {
        Assert.That(RecordingFormat.For("a.avi", VideoCodec.Auto, ffmpegAvailable: false), Is.EqualTo(new RecordingFormat(VideoCodec.Mjpg, false)));
        Assert.That(RecordingFormat.For("a.mp4", VideoCodec.Auto, false), Is.EqualTo(new RecordingFormat(VideoCodec.Mp4v, false)));
        Assert.That(RecordingFormat.For("a.mkv", VideoCodec.Auto, false), Is.EqualTo(new RecordingFormat(VideoCodec.Ffv1, false)));
        Assert.That(RecordingFormat.For("a.mkv", VideoCodec.Auto, true), Is.EqualTo(new RecordingFormat(VideoCodec.Ffv1, true)));
        var error = Assert.Throws<LiveStyleException>(() => RecordingFormat.For("a.mp4", VideoCodec.H264, false))!;
        Assert.That(error.Message, Does.Contain("apt install ffmpeg"));
        Assert.Throws<LiveStyleException>(() => RecordingFormat.For("a.gif", VideoCodec.Auto, true));
    }

    private static int CountFrames(VideoCapture video)
    {
        using var mat = new Mat();
        var count = 0;
        while (video.Read(mat) && !mat.Empty()) count++;
        return count;
    }
}
