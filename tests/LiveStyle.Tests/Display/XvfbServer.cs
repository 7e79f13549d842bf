using System.Diagnostics;
using System.Runtime.InteropServices;

namespace LiveStyle.Tests.Display;

/// <summary>A private Xvfb X server on a free display number, stopped on Dispose.</summary>
internal sealed class XvfbServer : IDisposable
{
    private readonly Process _process;

    private XvfbServer(Process process, string display)
    {
        _process = process;
        Display = display;
    }

    /// <summary>The DISPLAY value, e.g. ":97".</summary>
    public string Display { get; }

    public static XvfbServer Start(int width = 1024, int height = 768)
    {
        for (int number = 97; number < 140; number++)
        {
            if (File.Exists($"/tmp/.X{number}-lock") || File.Exists($"/tmp/.X11-unix/X{number}"))
                continue;

            var start = new ProcessStartInfo("Xvfb")
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (string arg in new[] { $":{number}", "-screen", "0", $"{width}x{height}x24", "-nolisten", "tcp" })
                start.ArgumentList.Add(arg);
            var process = Process.Start(start) ?? throw new InvalidOperationException("could not start Xvfb");
            // Drain its output so a chatty server never blocks on a full pipe.
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            var server = new XvfbServer(process, $":{number}");
            if (server.WaitUntilReady(TimeSpan.FromSeconds(10)))
                return server;
            server.Dispose(); // lost a race for this number, or it failed: try the next one
        }
        throw new InvalidOperationException("could not start Xvfb on any display from :97 to :139");
    }

    public void Dispose()
    {
        // SIGTERM first: killed with SIGKILL, Xvfb would leave its /tmp/.X<n>-lock and socket behind.
        if (!_process.HasExited && kill(_process.Id, SigTerm) == 0)
            _process.WaitForExit(3000);
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }
        _process.Dispose();
    }

    private const int SigTerm = 15;

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    private bool WaitUntilReady(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (_process.HasExited)
                return false;
            if (ExternalTool.Run(Display, TimeSpan.FromSeconds(5), "xdpyinfo", "-display", Display).ExitCode == 0)
                return true;
            Thread.Sleep(100);
        }
        return false;
    }
}
