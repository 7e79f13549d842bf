using System.Diagnostics;

namespace LiveStyle.Tests.Display;

/// <summary>Finds and runs the X11 command-line tools the Gui tests use.</summary>
internal static class ExternalTool
{
    public static bool IsOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(dir => File.Exists(Path.Combine(dir, name)));

    /// <summary>Runs a tool to completion with DISPLAY set; returns its exit code and output.</summary>
    public static (int ExitCode, string Output) Run(string display, TimeSpan timeout, string file, params string[] args)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["DISPLAY"] = display;

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return (-1, $"{file} {string.Join(' ', args)} timed out after {timeout.TotalSeconds:F0} s");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    /// <summary>Runs xdotool and fails the test with its output when it does not succeed.</summary>
    public static string XdoTool(string display, params string[] args)
    {
        var (exitCode, output) = Run(display, TimeSpan.FromSeconds(10), "xdotool", args);
        if (exitCode != 0)
            throw new InvalidOperationException($"xdotool {string.Join(' ', args)} failed ({exitCode}): {output}");
        return output;
    }
}
