using LiveStyle.Tests.Display;
using NUnit.Framework;

namespace LiveStyle.Tests.Live;

/// <summary>The temporal stabilization mode in the live view: T toggles it in the window, the status says it.</summary>
[TestFixture]
[NonParallelizable]
public class TemporalModeLiveTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(60);

    private static string StylesCopy()
    {
        var dir = TestEnvironment.NewTempDirectory();
        File.Copy(Path.Combine(TestEnvironment.RepositoryRoot, "models", "styles", "ocean_waves.png"), Path.Combine(dir, "ocean_waves.png"));
        return dir;
    }

    [Test]
    [Category("Gui")]
    public void TheTKeyTogglesTemporalStabilization()
    {
        foreach (var tool in new[] { "Xvfb", "xdpyinfo", "xdotool" })
            if (!ExternalTool.IsOnPath(tool)) Assert.Fail($"Gui tests need {tool} (Debian: apt install xvfb x11-utils xdotool libglfw3 libgl1-mesa-dri)");
        var styles = StylesCopy();
        try
        {
            using var xvfb = XvfbServer.Start();
            using var app = AppProcess.Start(
                new Dictionary<string, string?> { ["DISPLAY"] = xvfb.Display, ["LIBGL_ALWAYS_SOFTWARE"] = "1", ["WAYLAND_DISPLAY"] = null },
                "--source", "pattern", "--size", "64", "--style-size", "128", "--styles", styles, "--window", "320x180");
            app.WaitFor("stylizing at", Step);
            var window = ExternalTool.XdoTool(xvfb.Display, "search", "--sync", "--onlyvisible", "--name", "^LiveStyle$").Split('\n')[0].Trim();
            for (var attempt = 0; ExternalTool.Run(xvfb.Display, TimeSpan.FromSeconds(10), "xdotool", "windowfocus", "--sync", window).ExitCode != 0; attempt++)
            {
                if (attempt == 20) Assert.Fail("cannot focus the LiveStyle window");
                Thread.Sleep(250);
            }

            ExternalTool.XdoTool(xvfb.Display, "key", "t");
            app.WaitFor("temporal stabilization off", Step);
            ExternalTool.XdoTool(xvfb.Display, "key", "t");
            app.WaitFor("temporal stabilization on", Step);
            ExternalTool.XdoTool(xvfb.Display, "key", "Escape");
            Assert.That(app.WaitForExit(TimeSpan.FromSeconds(30)), Is.EqualTo(0), app.Log);
        }
        finally
        {
            Directory.Delete(styles, recursive: true);
        }
    }

    [TestCase(null, "temporal on")]
    [TestCase("off", "temporal off")]
    public void TheStatusSaysTheMode(string? option, string expected)
    {
        var styles = StylesCopy();
        try
        {
            string[] args = ["--headless", "--source", "pattern", "--size", "64", "--style-size", "128", "--styles", styles, "--duration", "3"];
            if (option is not null) args = [.. args, "--temporal", option];
            using var app = AppProcess.Start(new Dictionary<string, string?> { ["DISPLAY"] = null }, args);
            Assert.That(app.WaitForExit(TimeSpan.FromSeconds(60)), Is.EqualTo(0), app.Log);
            Assert.That(app.Log, Does.Contain(expected));
        }
        finally
        {
            Directory.Delete(styles, recursive: true);
        }
    }
}
