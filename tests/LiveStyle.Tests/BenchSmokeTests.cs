using System.Diagnostics;
using NUnit.Framework;

namespace LiveStyle.Tests;

/// <summary>The benchmark's quick mode runs end to end and writes its report (no timing assertions).</summary>
public class BenchSmokeTests
{
    [Test]
    public void QuickBenchmarkWritesEveryTable()
    {
        var bench = Path.Combine(TestEnvironment.RepositoryRoot, "tools", "LiveStyle.Bench", "bin", "Release", "net10.0", "LiveStyle.Bench.dll");
        if (!File.Exists(bench)) Assert.Fail($"build the solution in Release first: {bench} is missing");
        TestEnvironment.EnsureInt8Built();
        var report = Path.Combine(Path.GetTempPath(), $"livestyle-bench-{Guid.NewGuid():N}.md");
        var start = new ProcessStartInfo("dotnet", [bench, "--quick", "--runs", "1", "--out", report]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["LIVESTYLE_WEIGHTS"] = TestEnvironment.WeightsDirectory;
        start.Environment["LIVESTYLE_MODELS"] = TestEnvironment.ModelsDirectory;
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        Assert.That(process.WaitForExit(TimeSpan.FromMinutes(3)), "the quick benchmark finishes");
        Assert.That(process.ExitCode, Is.Zero, output + errors.Result);
        try
        {
            var text = File.ReadAllText(report);
            Assert.That(text, Does.Contain("Float32 limit of this machine").And.Contain("Stylizer latency").And.Contain("OpenCV DNN").And.Contain("int8 beside float32")
                .And.Contain("Live pipeline per network").And.Contain("| 256x256 |").And.Contain("| fast ").And.Contain("| adain ")
                .And.Contain("Flicker, temporal stabilization off / on").And.Contain("Temporal stabilizer cost"));
        }
        finally
        {
            File.Delete(report);
        }
    }
}
