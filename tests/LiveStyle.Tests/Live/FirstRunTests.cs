using System.Diagnostics;
using System.Text;
using LiveStyle.Tests.Display;
using NUnit.Framework;

namespace LiveStyle.Tests.Live;

/// <summary>
/// The program started the way README.md says, and a first start with no models built yet
/// (issue 11, cases 1 and 3): the window opens at once and shows the camera while the models are
/// built; without a display, one line naming --headless, no stack trace, nothing built.
/// </summary>
[TestFixture]
[Category("Gui")]
[NonParallelizable]
public class FirstRunTests
{
    private XvfbServer? _xvfb;

    [OneTimeTearDown]
    public void StopXvfb() => _xvfb?.Dispose();

    private string Display()
    {
        foreach (var tool in new[] { "Xvfb", "xdpyinfo", "xdotool" })
            if (!ExternalTool.IsOnPath(tool)) Assert.Fail($"Gui tests need {tool} (Debian: apt install xvfb x11-utils xdotool libglfw3 libgl1-mesa-dri)");
        _xvfb ??= XvfbServer.Start();
        return _xvfb.Display;
    }

    /// <summary>README's run command: the line that runs the App project with no arguments after it.</summary>
    private static string ReadmeRunCommand()
    {
        var readme = File.ReadAllLines(Path.Combine(TestEnvironment.RepositoryRoot, "README.md"));
        var command = readme.Select(l => l.Trim()).Single(l => l.EndsWith("dotnet run --project src/LiveStyle.App -c Release", StringComparison.Ordinal));
        if (!Directory.Exists(Path.Combine(TestEnvironment.RepositoryRoot, "..", "shared", "weights")))
            Assert.Ignore($"README's command reads ../shared/weights, which this checkout does not have beside it: {command}");
        return command;
    }

    [Test]
    public void ReadmeRunCommandWithoutADisplaySaysOneLineNamingHeadlessAndBuildsNothing()
    {
        var command = ReadmeRunCommand();
        var models = TestEnvironment.NewTempDirectory();
        try
        {
            var (exitCode, output) = RunShell(command, new() { ["DISPLAY"] = null, ["WAYLAND_DISPLAY"] = null, ["LIVESTYLE_MODELS"] = models }, TimeSpan.FromMinutes(4));
            TestContext.Out.WriteLine(output);
            Assert.That(exitCode, Is.EqualTo(1), output);
            var errors = output.Split('\n').Where(l => l.Contains("error", StringComparison.OrdinalIgnoreCase)).ToArray();
            Assert.That(errors, Has.Length.EqualTo(1), "one clear line");
            Assert.That(errors[0], Does.StartWith("livestyle: error: cannot open a window").And.Contain("--headless"));
            Assert.That(output, Does.Not.Contain("Exception").And.Not.Match(@"\n\s+at \S+\("), "no stack trace");
            Assert.That(Directory.GetFileSystemEntries(models), Is.Empty, "no model was built before the missing display was found");
        }
        finally
        {
            Directory.Delete(models, recursive: true);
        }
    }

    [Test]
    public void ReadmeRunCommandOpensTheLiveViewUnderXvfbAndEscapeQuits()
    {
        var command = ReadmeRunCommand();
        var display = Display();
        // The run uses this test run's models (linked into a models folder beside the shipped styles),
        // so nothing is built into the checkout and no minute-long int8 build is repeated.
        TestEnvironment.EnsureInt8Built();
        var models = TestEnvironment.NewTempDirectory();
        foreach (var file in Directory.GetFiles(TestEnvironment.ModelsDirectory))
            File.CreateSymbolicLink(Path.Combine(models, Path.GetFileName(file)), file);
        Directory.CreateSymbolicLink(Path.Combine(models, "styles"), Path.Combine(TestEnvironment.RepositoryRoot, "models", "styles"));
        var output = new StringBuilder();
        using var process = StartShell(command,
            new() { ["DISPLAY"] = display, ["LIBGL_ALWAYS_SOFTWARE"] = "1", ["WAYLAND_DISPLAY"] = null, ["LIVESTYLE_MODELS"] = models }, output);
        try
        {
            WaitForOutput(output, "stylizing at", TimeSpan.FromMinutes(4));
            var window = ExternalTool.XdoTool(display, "search", "--sync", "--onlyvisible", "--name", "^LiveStyle$").Split('\n')[0].Trim();
            for (var attempt = 0; ExternalTool.Run(display, TimeSpan.FromSeconds(10), "xdotool", "windowfocus", "--sync", window).ExitCode != 0; attempt++)
            {
                if (attempt == 20) Assert.Fail("cannot focus the LiveStyle window");
                Thread.Sleep(250);
            }
            Thread.Sleep(1000);
            ExternalTool.XdoTool(display, "key", "Escape");
            Assert.That(process.WaitForExit(TimeSpan.FromSeconds(60)), "Escape quits");
            process.WaitForExit();
            TestContext.Out.WriteLine(output);
            Assert.That(process.ExitCode, Is.EqualTo(0), output.ToString());
            Assert.That(output.ToString(), Does.Contain("window open").And.Contain("window closed after").And.Not.Contain("Exception"));
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            Directory.Delete(models, recursive: true);
        }
    }

    [Test]
    public void OnAFirstStartTheWindowOpensBeforeAnyModelIsBuiltAndThenStylizes()
    {
        var display = Display();
        var models = TestEnvironment.NewTempDirectory();
        var styles = TestEnvironment.NewTempDirectory();
        try
        {
            File.Copy(Path.Combine(TestEnvironment.RepositoryRoot, "models", "styles", "ocean_waves.png"), Path.Combine(styles, "ocean_waves.png"));
            using var app = AppProcess.Start(
                new Dictionary<string, string?> { ["DISPLAY"] = display, ["LIBGL_ALWAYS_SOFTWARE"] = "1", ["WAYLAND_DISPLAY"] = null, ["LIVESTYLE_MODELS"] = models },
                "--source", "pattern", "--size", "64", "--style-size", "128", "--styles", styles, "--precision", "fp32", "--window", "320x180");
            app.WaitFor("stylizing at", TimeSpan.FromMinutes(3));
            var log = app.Log;
            Assert.That(log.IndexOf("window open", StringComparison.Ordinal), Is.GreaterThanOrEqualTo(0).And.LessThan(log.IndexOf("building style_encoder", StringComparison.Ordinal)),
                "the window is open before the first model is built: " + log);
            Assert.That(log.IndexOf("building stylizer", StringComparison.Ordinal), Is.GreaterThan(0), "this was a first start: " + log);
            ExternalTool.XdoTool(display, "search", "--sync", "--onlyvisible", "--name", "^LiveStyle$");
            app.Signal("TERM");
            Assert.That(app.WaitForExit(TimeSpan.FromSeconds(30)), Is.EqualTo(0), app.Log);
        }
        finally
        {
            Directory.Delete(models, recursive: true);
            Directory.Delete(styles, recursive: true);
        }
    }

    private static Process StartShell(string command, Dictionary<string, string?> environment, StringBuilder output)
    {
        var start = new ProcessStartInfo("bash", ["-c", command])
        {
            WorkingDirectory = TestEnvironment.RepositoryRoot,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // As a user's shell has it: none of the test host's MSBuild and test-platform variables, no test settings.
        foreach (var name in start.Environment.Keys.ToArray())
            if (name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                || name is "LIVESTYLE_WEIGHTS" or "LIVESTYLE_SHARED")
                start.Environment.Remove(name);
        foreach (var (name, value) in environment)
        {
            if (value is null) start.Environment.Remove(name);
            else start.Environment[name] = value;
        }
        var process = Process.Start(start)!;
        void Append(string? line) { if (line is not null) lock (output) output.AppendLine(line); }
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static (int ExitCode, string Output) RunShell(string command, Dictionary<string, string?> environment, TimeSpan timeout)
    {
        var output = new StringBuilder();
        using var process = StartShell(command, environment, output);
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"'{command}' still running after {timeout.TotalSeconds:F0} s:\n{output}");
        }
        process.WaitForExit();
        lock (output) return (process.ExitCode, output.ToString());
    }

    private static void WaitForOutput(StringBuilder output, string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            lock (output) if (output.ToString().Contains(text, StringComparison.Ordinal)) return;
            Thread.Sleep(200);
        }
        lock (output) Assert.Fail($"no '{text}' within {timeout.TotalSeconds:F0} s:\n{output}");
    }
}
