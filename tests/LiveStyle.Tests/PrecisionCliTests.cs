using LiveStyle.Tests.Live;
using NUnit.Framework;
using OpenCvSharp;

namespace LiveStyle.Tests;

/// <summary>--precision and the calibration options on the command line: stylize and the live view.</summary>
public class PrecisionCliTests
{
    private string _dir = "";
    private static string Content => Path.Combine(TestEnvironment.ContentImages, "sailboat.jpg");
    private static string Style => Path.Combine(TestEnvironment.StyleImages, "great_wave__hokusai_c1831.jpg");

    [SetUp] public void CreateDirectory() => _dir = TestEnvironment.NewTempDirectory();
    [TearDown] public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    private static CliResult Stylize(string output, params string[] extra) =>
        CliRunner.Run(["stylize", "--content", Content, "--style", Style, "--content-size", "256", "--style-size", "256", "--out", output, .. extra]);

    [Test]
    public void AutoIsInt8OnTheCpuAndCloseToFp32()
    {
        TestEnvironment.EnsureInt8Built();
        var auto = Path.Combine(_dir, "auto.png");
        var fp32 = Path.Combine(_dir, "fp32.png");
        var autoResult = Stylize(auto);
        var fp32Result = Stylize(fp32, "--precision", "fp32");
        Assert.That(autoResult.ExitCode, Is.Zero, autoResult.ToString());
        Assert.That(fp32Result.ExitCode, Is.Zero, fp32Result.ToString());
        Assert.That(autoResult.Errors, Does.Contain("on CPU").And.Contain("int8 (quality gate:"));
        Assert.That(fp32Result.Errors, Does.Contain(", fp32").And.Not.Contain("int8"));

        using var a = Cv2.ImRead(auto);
        using var b = Cv2.ImRead(fp32);
        var psnr = Cv2.PSNR(a, b);
        TestContext.Out.WriteLine($"sailboat × great wave at 256 px, int8 vs fp32 (8-bit files): {psnr:F1} dB");
        Assert.That(psnr, Is.GreaterThan(30));
    }

    [Test]
    public void Int8CanBeAskedFor()
    {
        TestEnvironment.EnsureInt8Built();
        var result = Stylize(Path.Combine(_dir, "int8.png"), "--precision", "int8", "--device", "cpu");
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Errors, Does.Contain("int8 (quality gate:"));
    }

    [Test]
    public void AnUnknownPrecisionIsAUsageError()
    {
        var result = Stylize(Path.Combine(_dir, "x.png"), "--precision", "int4");
        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Errors, Does.Contain("unknown --precision 'int4'"));
    }

    [TestCase("int8")]
    [TestCase("auto")]
    public void AnEmptyCalibrationFolderIsAClearError(string precision)
    {
        var empty = Path.Combine(_dir, "empty");
        Directory.CreateDirectory(empty);
        var output = Path.Combine(_dir, "x.png");
        var result = Stylize(output, "--precision", precision, "--calibration", empty);
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Errors, Does.Contain($"calibration set: the content folder {empty} has no images"));
        Assert.That(File.Exists(output), Is.False);
    }

    [Test]
    public void AnUnreadableCalibrationStyleFolderIsAClearError()
    {
        var missing = Path.Combine(_dir, "no-styles");
        var result = Stylize(Path.Combine(_dir, "x.png"), "--precision", "int8", "--calibration-styles", missing);
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Errors, Does.Contain($"the style folder {missing} does not exist").And.Contain("--calibration-styles"));
    }

    [Test]
    public void HelpTextsNameTheOptions()
    {
        foreach (var command in new[] { "stylize", "live" })
        {
            var result = CliRunner.Run(command, "--help");
            Assert.That(result.Output, Does.Contain("--precision <P>").And.Contain("auto, fp32 or int8").And.Contain("--calibration <DIR>"));
        }
    }

    [Test]
    public void TheLiveViewRunsInt8OnTheCpuByDefault()
    {
        using var app = AppProcess.Start(new Dictionary<string, string?> { ["DISPLAY"] = null }, "--headless", "--source", "pattern", "--network", "adain",
            "--size", "64", "--style-size", "128", "--styles", Path.Combine(TestEnvironment.RepositoryRoot, "models", "styles"), "--duration", "2");
        Assert.That(app.WaitForExit(TimeSpan.FromSeconds(60)), Is.EqualTo(0), app.Log);
        Assert.That(app.Log, Does.Contain("int8 (quality gate:").And.Contain("network: adain int8 on CPU"));
    }
}
