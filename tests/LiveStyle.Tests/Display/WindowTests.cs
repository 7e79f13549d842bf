using System.Diagnostics;
using LiveStyle.DisplayHarness;
using NUnit.Framework;

namespace LiveStyle.Tests.Display;

/// <summary>
/// Drives the real window under a private Xvfb: LiveStyle.DisplayHarness shows a 320x240 gradient
/// (stylized) and a 160x120 checkerboard (original) in a 640x360 window, so the frame area is
/// 480x360 at x = 80 (scale 1.5) with black bars left and right. Keys are sent with xdotool and
/// the window is read back with XGetImage. Screenshots are kept under the test work directory.
/// </summary>
[TestFixture]
[Category("Gui")]
[NonParallelizable]
public class WindowTests
{
    private const int FrameLeft = 80, FrameWidth = 480, WindowWidth = 640, WindowHeight = 360;
    private const double Scale = 1.5;
    private const int Tolerance = 6;
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(10);
    private static readonly string[] RequiredTools = ["Xvfb", "xdpyinfo", "xdotool"];

    private XvfbServer? _xvfb;
    private string _screenshots = "";

    [OneTimeSetUp]
    public void StartXvfb()
    {
        string[] missing = RequiredTools.Where(tool => !ExternalTool.IsOnPath(tool)).ToArray();
        if (missing.Length > 0)
        {
            Assert.Fail($"Gui tests need {string.Join(", ", missing)} on PATH " +
                        "(Debian: apt install xvfb x11-utils xdotool libglfw3 libgl1-mesa-dri)");
        }
        _xvfb = XvfbServer.Start();
        _screenshots = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");
    }

    [OneTimeTearDown]
    public void StopXvfb() => _xvfb?.Dispose();

    [Test]
    public void Window_ShowsLetterboxedFrame_SplitView_ColourPreservation_AndExitsOnEscape()
    {
        string display = _xvfb!.Display;
        string title = $"LiveStyle harness {Environment.ProcessId}";
        var clock = Stopwatch.StartNew();
        using var harness = HarnessProcess.Start(display, title);
        harness.ExpectLine("ready", TimeSpan.FromSeconds(20));
        ulong window = FindWindow(display, title);
        ExternalTool.XdoTool(display, "windowfocus", "--sync", window.ToString());
        TestContext.Out.WriteLine($"window up after {clock.ElapsedMilliseconds} ms");

        var shot = Take(display, window, "01-start");
        Assert.That((shot.Width, shot.Height), Is.EqualTo((WindowWidth, WindowHeight)), "window size");
        AssertBarsBlack(shot);
        foreach (int x in new[] { 100, 200, 320, 440, 540 })
            AssertColor(shot, x, 300, Stylized(x), "gradient");
        // Overlay: the 60 % black box dims the frame at the top-left, and its text is white.
        var dimmed = Stylized(90);
        AssertColor(shot, 90, 12, (dimmed.R * 0.4, dimmed.G * 0.4, dimmed.B * 0.4), "overlay box", tolerance: 8);
        Assert.That(CountWhite(shot, 14, 14, 300, 32), Is.GreaterThan(50), "overlay text pixels");

        SendKey(display, harness, "s", "split on");
        shot = Take(display, window, "02-split");
        AssertBarsBlack(shot);
        AssertColor(shot, 110, 210, Green, "original (left half), green square");
        AssertColor(shot, 170, 210, Yellow, "original (left half), yellow square");
        AssertColor(shot, 319, 300, (242, 242, 242), "divider");
        AssertColor(shot, 320, 300, (242, 242, 242), "divider");
        AssertColor(shot, 440, 300, Stylized(440), "stylized (right half)");
        AssertColor(shot, 540, 300, Stylized(540), "stylized (right half)");

        SendKey(display, harness, "c", "color on");
        shot = Take(display, window, "03-split-color");
        AssertColor(shot, 110, 210, Green, "original (left half) stays");
        AssertColor(shot, 470, 210, PreserveColor(Stylized(470), Green), "colour-preserved right half on green");
        AssertColor(shot, 530, 210, PreserveColor(Stylized(530), Yellow), "colour-preserved right half on yellow");

        SendKey(display, harness, "s", "split off");
        shot = Take(display, window, "04-color");
        AssertBarsBlack(shot);
        AssertColor(shot, 110, 210, PreserveColor(Stylized(110), Green), "colour-preserved on green");
        AssertColor(shot, 170, 210, PreserveColor(Stylized(170), Yellow), "colour-preserved on yellow");

        SendKey(display, harness, "f", "fullscreen on");
        shot = Take(display, window, "05-fullscreen");
        Assert.That((shot.Width, shot.Height), Is.EqualTo((1024, 768)), "fullscreen window size (Xvfb screen)");
        SendKey(display, harness, "f", "fullscreen off");
        shot = Take(display, window, "06-windowed");
        Assert.That((shot.Width, shot.Height), Is.EqualTo((WindowWidth, WindowHeight)), "window size after leaving fullscreen");

        ExternalTool.XdoTool(display, "key", "Escape");
        string allocations = harness.NextLine(StepTimeout, "the allocation count");
        TestContext.Out.WriteLine($"harness: {allocations}");
        var match = System.Text.RegularExpressions.Regex.Match(allocations, @"^allocated (\d+) bytes in (\d+) frames$");
        Assert.That(match.Success, Is.True, $"unexpected harness line '{allocations}'");
        Assert.That(long.Parse(match.Groups[1].Value), Is.LessThan(1024),
            $"the display layer allocates per frame ({allocations}); even 8 bytes a frame would exceed this");
        harness.ExpectLine("exit", StepTimeout);
        Assert.That(harness.WaitForExit(StepTimeout), Is.EqualTo(0), harness.Log);
        TestContext.Out.WriteLine($"done after {clock.ElapsedMilliseconds} ms; screenshots in {_screenshots}");
    }

    [Test]
    public void Window_WithoutDisplay_FailsWithClearMessage()
    {
        using var harness = HarnessProcess.Start(display: null, "LiveStyle no display");
        Assert.That(harness.WaitForExit(StepTimeout), Is.EqualTo(2), harness.Log);
        Assert.That(harness.Log, Does.Contain("no display: set DISPLAY or run with --headless"));
    }

    [Test]
    public void BrokenShader_FailsWithFileNameAndCompilerLog()
    {
        string shaders = Path.Combine(TestContext.CurrentContext.WorkDirectory, "broken-shaders");
        Directory.CreateDirectory(shaders);
        foreach (string file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "shaders")))
            File.Copy(file, Path.Combine(shaders, Path.GetFileName(file)), overwrite: true);
        File.AppendAllText(Path.Combine(shaders, "present.frag"), "\nthis is not glsl;\n");

        using var harness = HarnessProcess.Start(_xvfb!.Display, "LiveStyle broken shader", 30, "--shaders", shaders);
        Assert.That(harness.WaitForExit(StepTimeout), Is.EqualTo(2), harness.Log);
        Assert.That(harness.Log, Does.Contain("compiling present.frag failed"));
        Assert.That(harness.Log, Does.Contain("error").IgnoreCase, "the GL info log should be part of the message");
    }

    private static readonly (double R, double G, double B) Green = (0, 255, 0);
    private static readonly (double R, double G, double B) Yellow = (255, 255, 0);

    /// <summary>The gradient as linear filtering shows it at window column <paramref name="x"/>.</summary>
    private static (double R, double G, double B) Stylized(int x)
    {
        double texel = (x + 0.5 - FrameLeft) / Scale - 0.5;
        double red = 255.0 * Math.Clamp(texel, 0, TestFrames.StylizedWidth - 1) / (TestFrames.StylizedWidth - 1);
        return (red, 0, 255 - red);
    }

    // BT.601 YCbCr: luminance of the stylized colour, chrominance of the original.
    private static (double R, double G, double B) PreserveColor((double R, double G, double B) s, (double R, double G, double B) o)
    {
        double y = 0.299 * s.R + 0.587 * s.G + 0.114 * s.B;
        double cb = -0.168736 * o.R - 0.331264 * o.G + 0.5 * o.B;
        double cr = 0.5 * o.R - 0.418688 * o.G - 0.081312 * o.B;
        return (Math.Clamp(y + 1.402 * cr, 0, 255),
                Math.Clamp(y - 0.344136 * cb - 0.714136 * cr, 0, 255),
                Math.Clamp(y + 1.772 * cb, 0, 255));
    }

    private static ulong FindWindow(string display, string title)
    {
        string output = ExternalTool.XdoTool(display, "search", "--sync", "--name", title);
        return ulong.Parse(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0].Trim());
    }

    private static void SendKey(string display, HarnessProcess harness, string key, string expectedLine)
    {
        ExternalTool.XdoTool(display, "key", key);
        harness.ExpectLine(expectedLine, StepTimeout);
    }

    private Screenshot Take(string display, ulong window, string name)
    {
        var shot = Screenshot.Capture(display, window);
        string path = shot.Save(Path.Combine(_screenshots, $"Display-{name}"));
        TestContext.Out.WriteLine($"screenshot {path}");
        return shot;
    }

    private static void AssertBarsBlack(Screenshot shot)
    {
        foreach (var (x, y) in new[] { (2, 300), (40, 200), (78, 355), (562, 5), (600, 200), (637, 355) })
            AssertColor(shot, x, y, (0, 0, 0), "letterbox bar", tolerance: 2);
    }

    private static void AssertColor(Screenshot shot, int x, int y, (double R, double G, double B) expected, string what, int tolerance = Tolerance)
    {
        var actual = shot[x, y];
        bool close = Math.Abs(actual.R - expected.R) <= tolerance
                     && Math.Abs(actual.G - expected.G) <= tolerance
                     && Math.Abs(actual.B - expected.B) <= tolerance;
        Assert.That(close, Is.True,
            $"{what} at ({x},{y}): got {actual}, expected ({expected.R:F0}, {expected.G:F0}, {expected.B:F0}) ± {tolerance}");
    }

    private static int CountWhite(Screenshot shot, int left, int top, int right, int bottom)
    {
        int count = 0;
        for (int y = top; y < bottom; y++)
        for (int x = left; x < right; x++)
        {
            var (r, g, b) = shot[x, y];
            if (r > 200 && g > 200 && b > 200)
                count++;
        }
        return count;
    }
}
