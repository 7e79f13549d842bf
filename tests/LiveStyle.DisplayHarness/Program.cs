// Display harness for the Gui tests: opens a 640x360 window showing synthetic frames and reacts to
// keys (S split view, C colour preservation, H overlay, F fullscreen, Esc/Q quit). Each handled key
// is printed to stdout once two frames showing its effect have been swapped, so a test that reads
// the line can take a screenshot right away.
//   usage: LiveStyle.DisplayHarness [--title T] [--timeout SECONDS] [--charset] [--shaders DIR]
// On exit it prints "allocated N bytes in M frames" (managed allocations of the display calls after
// warm-up) and then "exit".
// Exit codes: 0 after Esc/Q or window close, 2 on a display/GL error, 3 when the timeout ran out.
using System.Diagnostics;
using LiveStyle.App.Display;
using LiveStyle.DisplayHarness;

const int WarmupFrames = 10;
string title = "LiveStyle display harness";
double timeoutSeconds = 60;
bool charset = false;
string? shaderDirectory = null;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--title": title = args[++i]; break;
        case "--timeout": timeoutSeconds = double.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--charset": charset = true; break;
        case "--shaders": shaderDirectory = args[++i]; break;
        default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 64;
    }
}

try
{
    using var window = new GlWindow(title, 640, 360);
    using var renderer = new FrameRenderer(window.Gl, shaderDirectory);
    using var overlay = new TextOverlay(window.Gl, shaderDirectory);
    byte[] stylized = TestFrames.Stylized();
    byte[] original = TestFrames.Original();

    bool showOverlay = true;
    long swaps = 0;
    var announcements = new Queue<(long AfterSwap, string Line)>();
    announcements.Enqueue((2, "ready"));
    bool statusDirty = true;
    void Announce(string line)
    {
        announcements.Enqueue((swaps + 2, line));
        statusDirty = true;
    }

    window.KeyPressed += key =>
    {
        if (key.IsRepeat)
            return;
        switch (key.Key)
        {
            case GlfwKey.S:
                renderer.SplitView = !renderer.SplitView;
                Announce($"split {OnOff(renderer.SplitView)}");
                break;
            case GlfwKey.C:
                renderer.PreserveColor = !renderer.PreserveColor;
                Announce($"color {OnOff(renderer.PreserveColor)}");
                break;
            case GlfwKey.H:
                showOverlay = !showOverlay;
                Announce($"overlay {OnOff(showOverlay)}");
                break;
            case GlfwKey.F:
                window.ToggleFullscreen();
                Announce($"fullscreen {OnOff(window.IsFullscreen)}");
                break;
            case GlfwKey.Escape or GlfwKey.Q:
                window.ShouldClose = true;
                break;
            default:
                Announce($"key {key.Key}");
                break;
        }
    };

    var clock = Stopwatch.StartNew();
    double fps = 0, fpsWindowStart = 0;
    int framesInWindow = 0;
    long renderAllocated = 0, measuredFrames = 0;
    while (!window.ShouldClose)
    {
        if (clock.Elapsed.TotalSeconds > timeoutSeconds)
        {
            Console.WriteLine("timeout");
            return 3;
        }
        window.PollEvents();

        double now = clock.Elapsed.TotalSeconds;
        if (now - fpsWindowStart >= 1)
        {
            fps = framesInWindow / (now - fpsWindowStart);
            fpsWindowStart = now;
            framesInWindow = 0;
            statusDirty = true;
        }
        if (statusDirty)
        {
            overlay.Text = StatusText(fps, renderer, charset);
            statusDirty = false;
        }

        // Only the display layer is measured: it must not allocate per frame once warmed up
        // (the first frames load GL entry points lazily).
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        // Same frames every time: exercises the glTexSubImage2D path while the picture stays still.
        renderer.SetStylized(stylized, TestFrames.StylizedWidth, TestFrames.StylizedHeight);
        renderer.SetOriginal(original, TestFrames.OriginalWidth, TestFrames.OriginalHeight);
        var (width, height) = window.FramebufferSize;
        renderer.Draw(width, height);
        if (showOverlay)
            overlay.Draw(width, height);
        window.SwapBuffers();
        if (swaps >= WarmupFrames)
        {
            renderAllocated += GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            measuredFrames++;
        }
        swaps++;
        framesInWindow++;

        while (announcements.Count > 0 && announcements.Peek().AfterSwap <= swaps)
            Console.WriteLine(announcements.Dequeue().Line);
        Thread.Sleep(5);
    }
    Console.WriteLine($"allocated {renderAllocated} bytes in {measuredFrames} frames");
    Console.WriteLine("exit");
    return 0;
}
catch (Exception e) when (e is GlfwException or ShaderException)
{
    Console.Error.WriteLine($"display harness: {e.Message}");
    return 2;
}

static string OnOff(bool value) => value ? "on" : "off";

static string StatusText(double fps, FrameRenderer renderer, bool charset)
{
    string text =
        $"style: gradient  alpha: 1.00  fps: {fps:F0}\n" +
        $"split: {OnOff(renderer.SplitView)}  colour: {OnOff(renderer.PreserveColor)}\n" +
        "S split view   C keep colours\n" +
        "H hide help    F fullscreen\n" +
        "Esc quit";
    if (charset)
    {
        text += "\n !\"#$%&'()*+,-./0123456789:;<=>?\n" +
                "@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_\n" +
                "`abcdefghijklmnopqrstuvwxyz{|}~";
    }
    return text;
}
