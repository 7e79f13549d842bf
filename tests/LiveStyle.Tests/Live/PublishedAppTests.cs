using System.Diagnostics;
using System.Runtime.InteropServices;
using NUnit.Framework;

namespace LiveStyle.Tests.Live;

/// <summary>
/// `dotnet publish -c Release -r RID` gives a folder that runs on its own: published once per test
/// run into a folder outside the checkout, then started headless from another working folder, with
/// the shipped styles and shaders found beside the executable.
/// </summary>
[Platform("Linux")]
public class PublishedAppTests
{
    private string _folder = "";
    private string _published = "";

    [OneTimeSetUp]
    public void Publish()
    {
        _folder = TestEnvironment.NewTempDirectory();
        _published = Path.Combine(_folder, "livestyle");
        var project = Path.Combine(TestEnvironment.RepositoryRoot, "src", "LiveStyle.App", "LiveStyle.App.csproj");
        var (code, output) = Run("dotnet", ["publish", project, "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier, "--self-contained", "false", "-o", _published],
            TestEnvironment.RepositoryRoot, TimeSpan.FromMinutes(15));
        Assert.That(code, Is.Zero, output);
    }

    [OneTimeTearDown]
    public void Delete()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    [Test]
    public void ThePublishedFolderHoldsTheShippedAssetsAndRunsHeadless()
    {
        Assert.That(Directory.GetFiles(Path.Combine(_published, "styles"), "*.png"), Has.Length.GreaterThanOrEqualTo(5), "shipped styles beside the executable");
        Assert.That(File.Exists(Path.Combine(_published, "shaders", "present.frag")), "shaders beside the executable");

        var workingDirectory = Path.Combine(_folder, "elsewhere");
        Directory.CreateDirectory(workingDirectory);
        var (code, output) = Run(Path.Combine(_published, "livestyle"),
            ["--headless", "--source", "pattern", "--size", "64", "--style-size", "128", "--precision", "fp32", "--duration", "2"],
            workingDirectory, TimeSpan.FromMinutes(5));
        Assert.That(code, Is.Zero, output);
        Assert.That(output, Does.Contain($"reading the styles in {Path.Combine(_published, "styles")}"));
        Assert.That(output, Does.Match(@"stopped after [\d.]+ s: [1-9]\d* frames stylized"));
        Assert.That(Directory.EnumerateFileSystemEntries(workingDirectory), Is.Empty, "nothing is written into the working folder");
    }

    [TestCase("adain", "stylizer-int8-ranges")]
    [TestCase("fast", "fast_stylizer-int8-ranges")]
    public void WithOnlyTheWeightsTheInt8StylizerComesFromTheShippedRanges(string network, string rangesFile)
    {
        Assert.That(Directory.GetFiles(Path.Combine(_published, "int8"), $"{rangesFile}.*.json"), Is.Not.Empty, "shipped ranges beside the executable");
        var workingDirectory = Path.Combine(_folder, $"elsewhere-int8-{network}");
        Directory.CreateDirectory(workingDirectory);
        // No calibration images: the published folder has no ../shared, and the variables are removed.
        var (code, output) = Run(Path.Combine(_published, "livestyle"),
            ["--headless", "--network", network, "--source", "pattern", "--size", "64", "--style-size", "128", "--precision", "auto", "--duration", "10"],
            workingDirectory, TimeSpan.FromMinutes(5), withoutCalibration: true);
        Assert.That(code, Is.Zero, output);
        Assert.That(output, Does.Contain("building int8 from the shipped calibration ranges"));
        Assert.That(output, Does.Contain($"network: {network} int8").And.Contain("int8 (quality gate:"));
    }

    private static (int Code, string Output) Run(string file, IEnumerable<string> args, string workingDirectory, TimeSpan timeout, bool withoutCalibration = false)
    {
        var start = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment.Remove("DISPLAY");
        if (withoutCalibration)
        {
            start.Environment.Remove(LiveStyle.Core.Quantization.CalibrationSet.ContentEnvironmentVariable);
            start.Environment.Remove(LiveStyle.Core.Quantization.CalibrationSet.StyleEnvironmentVariable);
        }
        // The apphost finds the runtime through DOTNET_ROOT when dotnet is not installed where it looks by default:
        // point it at the installation this test runs on (…/shared/Microsoft.NETCore.App/VERSION/ is three levels down).
        if (!start.Environment.TryGetValue("DOTNET_ROOT", out var root) || string.IsNullOrEmpty(root))
            start.Environment["DOTNET_ROOT"] = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{file} did not finish within {timeout.TotalMinutes} min:\n{stdout.Result}\n{stderr.Result}");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
