using LiveStyle.Tests.Display;
using NUnit.Framework;

namespace LiveStyle.Tests.Live;

/// <summary>
/// The whole program as a user runs it: `livestyle` on the test pattern with the real weights, in
/// a real window under Xvfb, driven with xdotool and checked through screenshots. Two shipped
/// styles with opposite palettes (ember: orange on black, ocean: blue) make "stylized" and
/// "the style changed" visible in the mean colour of the picture.
/// </summary>
[TestFixture]
[Category("Gui")]
[NonParallelizable]
public class LiveWindowTests
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(60);
    private XvfbServer? _xvfb;
    private string _styles = "";
    private string _screenshots = "";

    [OneTimeSetUp]
    public void Start()
    {
        foreach (var tool in new[] { "Xvfb", "xdpyinfo", "xdotool" })
            if (!ExternalTool.IsOnPath(tool)) Assert.Fail($"Gui tests need {tool} (Debian: apt install xvfb x11-utils xdotool libglfw3 libgl1-mesa-dri)");
        _xvfb = XvfbServer.Start();
        _styles = TestEnvironment.NewTempDirectory();
        var shipped = Path.Combine(TestEnvironment.RepositoryRoot, "models", "styles");
        File.Copy(Path.Combine(shipped, "ember_swirls.png"), Path.Combine(_styles, "1_ember_swirls.png"));
        File.Copy(Path.Combine(shipped, "ocean_waves.png"), Path.Combine(_styles, "2_ocean_waves.png"));
        _screenshots = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");
    }

    [OneTimeTearDown]
    public void Stop()
    {
        _xvfb?.Dispose();
        Directory.Delete(_styles, recursive: true);
    }

    [Test]
    public void ShowsStylizedFrames_ArrowChangesStyle_SplitView_EscapeQuits()
    {
        var display = _xvfb!.Display;
        using var app = AppProcess.Start(
            new Dictionary<string, string?> { ["DISPLAY"] = display, ["LIBGL_ALWAYS_SOFTWARE"] = "1", ["WAYLAND_DISPLAY"] = null },
            "--source", "pattern", "--size", "96", "--style-size", "128", "--styles", _styles, "--window", "640x360", "--crossfade", "0");
        app.WaitFor("stylizing at", Step);
        var window = ulong.Parse(ExternalTool.XdoTool(display, "search", "--sync", "--onlyvisible", "--name", "^LiveStyle$").Split('\n')[0].Trim());
        Focus(display, window);
        Thread.Sleep(1500);   // a few stylized frames reach the screen

        var ember = Capture(display, window, "live-01-ember");
        var (r1, g1, b1) = MeanColor(ember, 0, 180, 640, 360);
        TestContext.Out.WriteLine($"ember: mean RGB {r1:F0} {g1:F0} {b1:F0}");
        Assert.That(r1, Is.GreaterThan(b1 + 20), "ember swirls turn the pattern orange");

        ExternalTool.XdoTool(display, "key", "Right");
        app.WaitFor("ocean waves", Step);
        Thread.Sleep(2000);
        var ocean = Capture(display, window, "live-02-ocean");
        var (r2, g2, b2) = MeanColor(ocean, 0, 180, 640, 360);
        TestContext.Out.WriteLine($"ocean: mean RGB {r2:F0} {g2:F0} {b2:F0}");
        Assert.That(b2, Is.GreaterThan(r2 + 20), "→ switches to the blue ocean style");

        ExternalTool.XdoTool(display, "key", "s");
        app.WaitFor("split view on", Step);
        Thread.Sleep(1000);
        var split = Capture(display, window, "live-03-split");
        var left = MeanColor(split, 0, 180, 320, 360);
        var right = MeanColor(split, 320, 180, 640, 360);
        TestContext.Out.WriteLine($"split: left {left}, right {right}");
        Assert.That(right.B, Is.GreaterThan(right.R + 20), "the right half stays stylized");
        Assert.That(Math.Abs(left.R - right.R) + Math.Abs(left.G - right.G) + Math.Abs(left.B - right.B), Is.GreaterThan(40),
            "the left half shows the original pattern, not the stylized frame");

        ExternalTool.XdoTool(display, "key", "Escape");
        Assert.That(app.WaitForExit(TimeSpan.FromSeconds(30)), Is.EqualTo(0), app.Log);
    }

    [Test]
    public void GSwitchesBetweenTheNetworksAndThePictureChanges()
    {
        // A still photo as the source: the picture changes only when the network does.
        var display = _xvfb!.Display;
        var photo = Path.Combine(TestEnvironment.ContentImages, "cornell.jpg");
        using var app = AppProcess.Start(
            new Dictionary<string, string?> { ["DISPLAY"] = display, ["LIBGL_ALWAYS_SOFTWARE"] = "1", ["WAYLAND_DISPLAY"] = null },
            "--source", $"image:{photo}", "--network", "adain", "--precision", "fp32", "--size", "128", "--style-size", "128",
            "--styles", _styles, "--window", "640x360", "--crossfade", "0");
        app.WaitFor("stylizing at", Step);
        Assert.That(app.Log, Does.Contain("network: adain fp32"));
        var window = ulong.Parse(ExternalTool.XdoTool(display, "search", "--sync", "--onlyvisible", "--name", "^LiveStyle$").Split('\n')[0].Trim());
        Focus(display, window);
        Thread.Sleep(1500);
        var adain = Capture(display, window, "network-01-adain");
        Thread.Sleep(1000);
        var adainAgain = Capture(display, window, "network-02-adain-again");

        ExternalTool.XdoTool(display, "key", "g");
        app.WaitFor("with fast", Step);
        Thread.Sleep(2000);
        var fast = Capture(display, window, "network-03-fast");

        ExternalTool.XdoTool(display, "key", "g");
        app.WaitFor("network: adain", Step);
        ExternalTool.XdoTool(display, "key", "Escape");
        Assert.That(app.WaitForExit(TimeSpan.FromSeconds(30)), Is.EqualTo(0), app.Log);

        // Below the overlay text: the picture alone.
        var steady = MeanAbsDifference(adain, adainAgain, 0, 180, 640, 360);
        var switched = MeanAbsDifference(adain, fast, 0, 180, 640, 360);
        TestContext.Out.WriteLine($"mean |difference| per channel: same network {steady:F1}, adain vs fast {switched:F1}");
        Assert.That(steady, Is.LessThan(2), "a still source on one network gives a still picture");
        Assert.That(switched, Is.GreaterThan(8), "G switched to the fast network: another picture");
        Assert.That(app.Log, Does.Contain("switching to the fast network").And.Contain("network: fast"));
    }

    [Test]
    public void XMirrorsThePreview()
    {
        // A still photo: without the key the picture stays put, so a change is the mirror alone.
        var display = _xvfb!.Display;
        var photo = Path.Combine(TestEnvironment.ContentImages, "cornell.jpg");
        using var app = AppProcess.Start(
            new Dictionary<string, string?> { ["DISPLAY"] = display, ["LIBGL_ALWAYS_SOFTWARE"] = "1", ["WAYLAND_DISPLAY"] = null },
            "--source", $"image:{photo}", "--network", "fast", "--precision", "fp32", "--size", "128", "--style-size", "128",
            "--styles", _styles, "--window", "640x360", "--crossfade", "0");
        app.WaitFor("stylizing at", Step);
        var window = ulong.Parse(ExternalTool.XdoTool(display, "search", "--sync", "--onlyvisible", "--name", "^LiveStyle$").Split('\n')[0].Trim());
        Focus(display, window);
        Thread.Sleep(2000);
        var before = Capture(display, window, "mirror-01-off");

        ExternalTool.XdoTool(display, "key", "x");
        app.WaitFor("mirror on", Step);
        Thread.Sleep(1000);
        var after = Capture(display, window, "mirror-02-on");
        ExternalTool.XdoTool(display, "key", "Escape");
        Assert.That(app.WaitForExit(TimeSpan.FromSeconds(30)), Is.EqualTo(0), app.Log);

        // Below the overlay text: the picture alone.
        var changed = MeanAbsDifference(before, after, 0, 180, 640, 360);
        var mirrored = MeanAbsDifference(before, after, 0, 180, 640, 360, mirrorFirst: true);
        TestContext.Out.WriteLine($"mean |difference| per channel: after vs before {changed:F1}, after vs mirrored before {mirrored:F1}");
        Assert.That(changed, Is.GreaterThan(8), "X changed the picture");
        Assert.That(mirrored, Is.LessThan(3), "X shows the same picture mirrored left to right");
    }

    /// <summary>Mean |a − b| per channel over the region; with <paramref name="mirrorFirst"/>, a is read mirrored left to right.</summary>
    private static double MeanAbsDifference(Screenshot a, Screenshot b, int x0, int y0, int x1, int y1, bool mirrorFirst = false)
    {
        double sum = 0;
        var n = 0;
        for (var y = y0; y < y1; y += 2)
        {
            for (var x = x0; x < x1; x += 2)
            {
                var (p, q) = (a[mirrorFirst ? a.Width - 1 - x : x, y], b[x, y]);
                sum += Math.Abs(p.R - q.R) + Math.Abs(p.G - q.G) + Math.Abs(p.B - q.B);
                n += 3;
            }
        }
        return sum / n;
    }

    /// <summary>Focuses the window, retrying while it is still being mapped (X answers BadMatch until then).</summary>
    private static void Focus(string display, ulong window)
    {
        for (var attempt = 0; ; attempt++)
        {
            var (exitCode, output) = ExternalTool.Run(display, TimeSpan.FromSeconds(10), "xdotool", "windowfocus", "--sync", window.ToString());
            if (exitCode == 0) return;
            if (attempt == 20) Assert.Fail($"cannot focus the LiveStyle window: {output}");
            Thread.Sleep(250);
        }
    }

    private Screenshot Capture(string display, ulong window, string name)
    {
        var shot = Screenshot.Capture(display, window);
        Directory.CreateDirectory(_screenshots);
        shot.Save(Path.Combine(_screenshots, name));
        return shot;
    }

    private static (double R, double G, double B) MeanColor(Screenshot shot, int x0, int y0, int x1, int y1)
    {
        double r = 0, g = 0, b = 0;
        var n = 0;
        for (var y = y0; y < y1; y += 2)
        {
            for (var x = x0; x < x1; x += 2)
            {
                var p = shot[x, y];
                r += p.R; g += p.G; b += p.B; n++;
            }
        }
        return (r / n, g / n, b / n);
    }
}
