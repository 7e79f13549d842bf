using System.Text.RegularExpressions;
using NUnit.Framework;

namespace LiveStyle.Tests.Live;

/// <summary>The live pipeline without a window, as `livestyle --headless` runs it.</summary>
public class HeadlessTests
{
    private static readonly Dictionary<string, string?> NoDisplay = new() { ["DISPLAY"] = null };

    private static string ShippedStylesCopy()
    {
        var dir = TestEnvironment.NewTempDirectory();
        File.Copy(Path.Combine(TestEnvironment.RepositoryRoot, "models", "styles", "stained_glass.png"), Path.Combine(dir, "stained_glass.png"));
        return dir;
    }

    [Test]
    public void RunsThePipelineForTheGivenDurationAndReportsWhatItDid()
    {
        var styles = ShippedStylesCopy();
        try
        {
            using var app = AppProcess.Start(NoDisplay, "--headless", "--source", "pattern", "--size", "64", "--style-size", "128",
                "--styles", styles, "--duration", "3");
            Assert.That(app.WaitForExit(TimeSpan.FromSeconds(60)), Is.EqualTo(0), app.Log);
            var summary = Regex.Match(app.Log, @"stopped after ([\d.]+) s: (\d+) frames stylized, (\d+) captured frames dropped");
            Assert.That(summary.Success, app.Log);
            Assert.That(double.Parse(summary.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Is.EqualTo(3).Within(1));
            Assert.That(int.Parse(summary.Groups[2].Value), Is.GreaterThan(3), "frames were stylized");
            Assert.That(app.Log, Does.Contain("stylizing at 114x64"));
        }
        finally
        {
            Directory.Delete(styles, recursive: true);
        }
    }

    [Test]
    public void SigtermStopsItCleanly()
    {
        if (OperatingSystem.IsWindows()) Assert.Ignore("POSIX signals");
        var styles = ShippedStylesCopy();
        try
        {
            using var app = AppProcess.Start(NoDisplay, "--headless", "--source", "pattern", "--size", "64", "--style-size", "128", "--styles", styles);
            app.WaitFor("stylizing at", TimeSpan.FromSeconds(60));
            app.Signal("TERM");
            Assert.That(app.WaitForExit(TimeSpan.FromSeconds(20)), Is.EqualTo(0), app.Log);
            Assert.That(app.Log, Does.Contain("stopped after"));
        }
        finally
        {
            Directory.Delete(styles, recursive: true);
        }
    }

    [Test]
    public void AStyleFolderWithoutUsableImagesIsAClearError()
    {
        var styles = TestEnvironment.NewTempDirectory();
        try
        {
            File.WriteAllText(Path.Combine(styles, "broken.jpg"), "not an image");
            // The failure ends the run whenever preparation meets it (a loaded machine may take seconds).
            using var app = AppProcess.Start(NoDisplay, "--headless", "--source", "pattern", "--styles", styles, "--duration", "120");
            Assert.That(app.WaitForExit(TimeSpan.FromSeconds(150)), Is.EqualTo(1), app.Log);
            Assert.That(app.Log, Does.Contain("skipping style broken.jpg").And.Contain("no usable style images"));
        }
        finally
        {
            Directory.Delete(styles, recursive: true);
        }
    }

    [Test]
    public void MissingVirtualCameraDeviceIsExplainedAndTheViewGoesOn()
    {
        if (!OperatingSystem.IsLinux() || Directory.Exists("/sys/module/v4l2loopback")) Assert.Ignore("needs a Linux machine without v4l2loopback");
        var styles = ShippedStylesCopy();
        try
        {
            using var app = AppProcess.Start(NoDisplay, "--headless", "--source", "pattern", "--size", "64", "--style-size", "128",
                "--styles", styles, "--virtual-camera", "--duration", "2");
            Assert.That(app.WaitForExit(TimeSpan.FromSeconds(60)), Is.EqualTo(0), app.Log);
            Assert.That(app.Log, Does.Contain("virtual camera not started").And.Contain("modprobe v4l2loopback"));
            Assert.That(app.Log, Does.Match(@"stopped after [\d.]+ s: [1-9]\d* frames stylized"));
        }
        finally
        {
            Directory.Delete(styles, recursive: true);
        }
    }

    [TestCase("--virtual-camera", null)]
    [TestCase("--virtual-camera /dev/video10", "/dev/video10")]
    public void VirtualCameraTakesAnOptionalDevice(string option, string? device)
    {
        var options = LiveStyle.App.Live.LiveOptions.Parse([.. option.Split(' '), "--headless"]);
        Assert.That(options.VirtualCamera, Is.True);
        Assert.That(options.VirtualCameraDevice, Is.EqualTo(device));
        Assert.That(options.Headless, Is.True);
    }

    [Test]
    public void BadSourceIsAUsageError()
    {
        var result = CliRunner.Run("--headless", "--source", "webcam7");
        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Errors, Does.Contain("source 'webcam7'"));
    }

    [Test]
    public void WithoutADisplayTheWindowFailsWithAHint()
    {
        using var app = AppProcess.Start(new Dictionary<string, string?> { ["DISPLAY"] = null, ["WAYLAND_DISPLAY"] = null },
            "--source", "pattern", "--styles", Path.Combine(TestEnvironment.RepositoryRoot, "models", "styles"), "--style-size", "128");
        Assert.That(app.WaitForExit(TimeSpan.FromSeconds(60)), Is.EqualTo(1), app.Log);
        Assert.That(app.Log, Does.Contain("--headless"));
    }
}
