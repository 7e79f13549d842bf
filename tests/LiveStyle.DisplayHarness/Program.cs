// Display harness for the Gui tests: opens a 640x360 window showing synthetic frames and reacts to
// keys (S split view, C colour preservation, H overlay, F fullscreen, Esc/Q quit). Each handled key
// is printed to stdout once two frames showing its effect have been swapped, so a test that reads
// the line can take a screenshot right away.
//   usage: LiveStyle.DisplayHarness [--title T] [--timeout SECONDS] [--charset]
// Exit codes: 0 after Esc/Q or window close, 2 on a display/GL error, 3 when the timeout ran out.
using System.Diagnostics;
using LiveStyle.App.Display;
using LiveStyle.DisplayHarness;

string title = "LiveStyle display harness";
double timeoutSeconds = 60;
bool charset = false;
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--title": title = args[++i]; break;
        case "--timeout": timeoutSeconds = double.Parse(args[++i], System.Globalization.CultureInfo.InvariantCulture); break;
        case "--charset": charset = true; break;
        default: Console.Error.WriteLine($"unknown argument {args[i]}"); return 64;
    }
}

try
{
    using var window = new GlWindow(title, 640, 360);
    using var renderer = new FrameRenderer(window.Gl);
    using var overlay = new TextOverlay(window.Gl);
    byte[] stylized = TestFrames.Stylized();
    byte[] original = TestFrames.Original();

    bool showOverlay = true;
    long swaps = 0;
    var announcements = new Queue<(long AfterSwap, string Line)>();
    announcements.Enqueue((2, "ready"));
    void Announce(string line) => announcements.Enqueue((swaps + 2, line));

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
    double nextStatus = 0;
    int framesSinceStatus = 0;
    while (!window.ShouldClose)
    {
        if (clock.Elapsed.TotalSeconds > timeoutSeconds)
        {
            Console.WriteLine("timeout");
            return 3;
        }
        window.PollEvents();

        // Same frames every time: exercises the glTexSubImage2D path while the picture stays still.
        renderer.SetStylized(stylized, TestFrames.StylizedWidth, TestFrames.StylizedHeight);
        renderer.SetOriginal(original, TestFrames.OriginalWidth, TestFrames.OriginalHeight);

        if (clock.Elapsed.TotalSeconds >= nextStatus)
        {
            double fps = framesSinceStatus / Math.Max(clock.Elapsed.TotalSeconds - (nextStatus - 1), 1e-3);
            overlay.Text = StatusText(fps, renderer, charset);
            nextStatus = clock.Elapsed.TotalSeconds + 1;
            framesSinceStatus = 0;
        }

        var (width, height) = window.FramebufferSize;
        renderer.Draw(width, height);
        if (showOverlay)
            overlay.Draw(width, height);
        window.SwapBuffers();
        swaps++;
        framesSinceStatus++;

        while (announcements.Count > 0 && announcements.Peek().AfterSwap <= swaps)
            Console.WriteLine(announcements.Dequeue().Line);
        Thread.Sleep(5);
    }
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
