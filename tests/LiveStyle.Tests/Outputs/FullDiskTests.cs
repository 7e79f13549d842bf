using System.Diagnostics;
using System.Text.RegularExpressions;
using LiveStyle.Core.Sinks.Recording;
using LiveStyle.Tests.Live;
using NUnit.Framework;

namespace LiveStyle.Tests.Outputs;

/// <summary>
/// Recording onto a real small volume: an 8 MB tmpfs mounted by the test (needs root, as on CI;
/// skipped otherwise — RecordingTests simulates a full disk without mounting), nearly filled by
/// a filler file, so the real program meets a real full disk within seconds.
/// </summary>
[NonParallelizable]
public class FullDiskTests
{
    private string _dir = "";
    private string _volume = "";
    private string _styles = "";

    [SetUp]
    public void MountASmallVolume()
    {
        if (!OperatingSystem.IsLinux()) Assert.Ignore("tmpfs is Linux");
        if (!FfmpegPipeEncoder.IsAvailable || !FfprobeResult.IsAvailable) Assert.Ignore("ffmpeg and ffprobe are not installed (.ci/run installs them)");
        _dir = TestEnvironment.NewTempDirectory();
        _styles = Path.Combine(_dir, "styles");
        Directory.CreateDirectory(_styles);
        File.Copy(Path.Combine(TestEnvironment.RepositoryRoot, "models", "styles", "ocean_waves.png"), Path.Combine(_styles, "ocean_waves.png"));
        _volume = Path.Combine(_dir, "volume");
        Directory.CreateDirectory(_volume);
        var (code, output) = Run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", _volume);
        if (code != 0)
        {
            _volume = "";
            Assert.Ignore($"cannot mount a tmpfs here (not root?): {output}");
        }
    }

    [TearDown]
    public void Unmount()
    {
        if (_volume.Length > 0) Run("umount", _volume);
        if (_dir.Length > 0) Directory.Delete(_dir, recursive: true);
    }

    [Test]
    public void ASmallVolumeRecordsUntilItsReserveThenStopsKeepsAPlayableFileAndExitsNonZero()
    {
        var total = DiskSpace.Of(Path.Combine(_volume, "x")).Total;
        var reserve = VideoRecorderSink.ReserveFor(total);
        Assert.That(reserve, Is.LessThan(total / 10), "the reserve is scaled to the volume (64 MB would call 8 MB full at once)");
        FillLeaving(reserve + 300 * 1024);

        var file = Path.Combine(_volume, "clip.mkv");
        using var app = AppProcess.Start(new Dictionary<string, string?> { ["DISPLAY"] = null },
            "--headless", "--source", "pattern", "--size", "64", "--style-size", "128", "--styles", _styles, "--record", file, "--duration", "120");
        app.WaitFor("is full", TimeSpan.FromSeconds(100));
        Thread.Sleep(1500);   // frames keep coming: nothing more may be written
        app.Signal("TERM");
        var exitCode = app.WaitForExit(TimeSpan.FromSeconds(30));

        Assert.That(exitCode, Is.EqualTo(1), "the recording asked for failed: " + app.Log);
        Assert.That(app.Log, Does.Contain("recording stopped, the file so far is kept"));
        var kept = Regex.Match(app.Log, @"stopped early; (\d+) frames, [\d.]+ s kept in");
        Assert.That(kept.Success, "the log says what the file holds: " + app.Log);
        var probe = FfprobeResult.Of(file);
        TestContext.Out.WriteLine($"reserve {reserve / 1024} KB of {total / 1024} KB; file {new FileInfo(file).Length / 1024} KB: {probe.Frames} frames, {probe.Seconds:F2} s; free after {DiskSpace.Of(file).Free / 1024} KB");
        Assert.That(probe.Frames, Is.EqualTo(int.Parse(kept.Groups[1].Value)), "no frame was padded after the stop");
        Assert.That(probe.Frames, Is.GreaterThan(0));
        Assert.That(DiskSpace.Of(file).Free, Is.GreaterThan(reserve / 2), "the disk was not filled to the brim");
    }

    [Test]
    public void AVolumeAlreadyFullStartsNoRecordingLeavesNoStubAndExitsNonZero()
    {
        var reserve = VideoRecorderSink.ReserveFor(DiskSpace.Of(Path.Combine(_volume, "x")).Total);
        FillLeaving(reserve / 2);

        var file = Path.Combine(_volume, "clip.mp4");
        using var app = AppProcess.Start(new Dictionary<string, string?> { ["DISPLAY"] = null },
            "--headless", "--source", "pattern", "--size", "64", "--style-size", "128", "--styles", _styles, "--record", file, "--duration", "2");
        Assert.That(app.WaitForExit(TimeSpan.FromSeconds(60)), Is.EqualTo(1), app.Log);
        Assert.That(app.Log, Does.Contain("recording not started").And.Contain("disk is full"));
        Assert.That(File.Exists(file), Is.False, "no unplayable stub is left behind");
    }

    private void FillLeaving(long freeBytes)
    {
        var filler = Path.Combine(_volume, "filler");
        var toWrite = DiskSpace.Of(filler).Free - freeBytes;
        using var stream = File.Create(filler);
        var block = new byte[64 * 1024];
        for (; toWrite > 0; toWrite -= block.Length) stream.Write(block, 0, (int)Math.Min(block.Length, toWrite));
    }

    private static (int Code, string Output) Run(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output.Trim());
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, e.Message);
        }
    }
}
