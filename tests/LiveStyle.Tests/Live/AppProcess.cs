using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace LiveStyle.Tests.Live;

/// <summary>The real `livestyle` executable in a child process, its log (stderr) read line by line.</summary>
internal sealed class AppProcess : IDisposable
{
    private readonly Process _process;
    private readonly BlockingCollection<string> _lines = new();
    private readonly StringBuilder _log = new();

    private AppProcess(Process process) => _process = process;

    public static AppProcess Start(IReadOnlyDictionary<string, string?> environment, params string[] args)
    {
        TestEnvironment.EnsureInt8Built();
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "livestyle.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["LIVESTYLE_WEIGHTS"] = TestEnvironment.WeightsDirectory;
        start.Environment["LIVESTYLE_MODELS"] = TestEnvironment.ModelsDirectory;
        // Each process its own settings folder: what one window remembers never reaches another test.
        start.Environment["XDG_CONFIG_HOME"] = Path.Combine(TestEnvironment.UserDirectories, "config-" + Guid.NewGuid().ToString("N")[..12]);
        foreach (var (name, value) in environment)
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start livestyle");
        var app = new AppProcess(process);
        process.ErrorDataReceived += (_, e) => app.OnLine(e.Data);
        process.OutputDataReceived += (_, e) => app.OnLine(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return app;
    }

    public string Log
    {
        get { lock (_log) return _log.ToString(); }
    }

    /// <summary>Waits for a log line containing <paramref name="text"/>; returns it.</summary>
    public string WaitFor(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !_lines.TryTake(out var line, left))
                throw new TimeoutException($"livestyle did not log '{text}' within {timeout.TotalSeconds:F0} s; log:\n{Log}");
            if (line.Contains(text, StringComparison.Ordinal)) return line;
        }
    }

    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
            throw new TimeoutException($"livestyle still running after {timeout.TotalSeconds:F0} s; log:\n{Log}");
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Signal(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString()]);
        kill.WaitForExit();
    }

    /// <summary>SIGKILL to the program and every child it started (ffmpeg), at once.</summary>
    public void KillTree()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    private void OnLine(string? line)
    {
        if (line is null) return;
        lock (_log) _log.AppendLine(line);
        _lines.Add(line);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
        _lines.Dispose();
    }
}
