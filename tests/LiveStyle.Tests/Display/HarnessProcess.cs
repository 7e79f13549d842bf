using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace LiveStyle.Tests.Display;

/// <summary>The LiveStyle.DisplayHarness program running on a given X display, with its stdout read line by line.</summary>
internal sealed class HarnessProcess : IDisposable
{
    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = new();
    private readonly StringBuilder _log = new();

    private HarnessProcess(Process process) => _process = process;

    public static HarnessProcess Start(string? display, string title, double timeoutSeconds = 30, params string[] extraArgs)
    {
        string harness = Path.Combine(AppContext.BaseDirectory, "LiveStyle.DisplayHarness.dll");
        if (!File.Exists(harness))
            throw new FileNotFoundException($"display harness not built next to the tests: {harness}");

        var start = new ProcessStartInfo(DotnetHost())
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string arg in new[] { harness, "--title", title, "--timeout", timeoutSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(arg);
        foreach (string arg in extraArgs)
            start.ArgumentList.Add(arg);
        if (display is null)
            start.Environment.Remove("DISPLAY");
        else
            start.Environment["DISPLAY"] = display;
        start.Environment.Remove("WAYLAND_DISPLAY");
        start.Environment["LIBGL_ALWAYS_SOFTWARE"] = "1";

        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the display harness");
        var harnessProcess = new HarnessProcess(process);
        process.OutputDataReceived += (_, e) => harnessProcess.OnLine(e.Data, "");
        process.ErrorDataReceived += (_, e) => harnessProcess.OnLine(e.Data, "stderr: ");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return harnessProcess;
    }

    /// <summary>Everything the harness printed so far (stderr lines prefixed), for failure messages.</summary>
    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    /// <summary>Waits for the next stdout line; <paramref name="what"/> describes it for the timeout message.</summary>
    public string NextLine(TimeSpan timeout, string what)
    {
        if (!_lines.TryTake(out string? line, timeout))
            throw new TimeoutException($"harness did not print {what} within {timeout.TotalSeconds:F0} s; output so far:\n{Log}");
        return line;
    }

    /// <summary>Waits for the next stdout line and checks it is <paramref name="expected"/>.</summary>
    public void ExpectLine(string expected, TimeSpan timeout)
    {
        string line = NextLine(timeout, $"'{expected}'");
        if (line != expected)
            throw new InvalidOperationException($"harness printed '{line}', expected '{expected}'; output so far:\n{Log}");
    }

    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
            throw new TimeoutException($"harness still running after {timeout.TotalSeconds:F0} s; output so far:\n{Log}");
        _process.WaitForExit(); // lets the asynchronous output readers finish
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
        _process.Dispose();
    }

    private void OnLine(string? line, string prefix)
    {
        if (line is null)
            return;
        lock (_log)
            _log.Append(prefix).AppendLine(line);
        if (prefix.Length == 0)
            _lines.Add(line);
    }

    // The test host usually runs under the dotnet muxer; the SDK also names it in DOTNET_HOST_PATH.
    private static string DotnetHost()
    {
        string? host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host))
            return host;
        string? self = Environment.ProcessPath;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet")
            return self;
        return "dotnet";
    }
}
