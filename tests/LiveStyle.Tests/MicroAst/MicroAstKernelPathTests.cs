using System.Diagnostics;
using LiveStyle.Core.Imaging;
using LiveStyle.Core.Inference;
using LiveStyle.Core.Models;
using LiveStyle.Core.Networks.MicroAst;
using LiveStyle.Core.Networks.MicroAst.Cpu;
using LiveStyle.Core.Quantization;
using NUnit.Framework;

namespace LiveStyle.Tests.MicroAst;

/// <summary>
/// The CPU kernels' paths: the choice from the CPU's instruction sets, the AVX2 kernels against the
/// AVX-512 ones in one process (the AVX2 path is chosen by leaving AVX-512 out of the sets), the int8
/// sums by AVX2 against AVX-VNNI, and the whole-graph path of a CPU without AVX2 in a child process.
/// </summary>
[NonParallelizable]
public class MicroAstKernelPathTests
{
    private static readonly CpuFeatures Machine = CpuFeatures.Current;

    [TestCase(true, true, true, true, true, MicroAstKernelPath.Avx512, Int8Sums.AvxVnni)]    // Sapphire Rapids, Zen 5
    [TestCase(true, true, true, false, true, MicroAstKernelPath.Avx512, Int8Sums.Avx2Widened)] // Ice Lake server, Zen 4: AVX512-VNNI only
    [TestCase(true, true, true, false, false, MicroAstKernelPath.Avx512, Int8Sums.Avx2Widened)] // Skylake-X
    [TestCase(false, true, true, true, false, MicroAstKernelPath.Avx2, Int8Sums.AvxVnni)]     // Alder Lake and later laptops
    [TestCase(false, true, true, false, false, MicroAstKernelPath.Avx2, Int8Sums.Avx2Widened)] // Haswell … Comet Lake, Zen 1–3
    [TestCase(false, true, false, false, false, MicroAstKernelPath.WholeGraph, Int8Sums.Avx2Widened)] // AVX2 without FMA
    [TestCase(false, false, false, false, false, MicroAstKernelPath.WholeGraph, Int8Sums.Avx2Widened)] // no AVX2
    public void ThePathIsAFunctionOfTheInstructionSets(bool avx512F, bool avx2, bool fma, bool avxVnni, bool avx512Vnni, MicroAstKernelPath path, Int8Sums sums)
    {
        var choice = CpuKernelChoice.For(new CpuFeatures(avx512F, avx2, fma, avxVnni, avx512Vnni));
        Assert.That(choice.Path, Is.EqualTo(path));
        if (choice.HasKernels) Assert.That(choice.Sums, Is.EqualTo(sums));
        TestContext.Out.WriteLine(choice.Reason);
        Assert.That(choice.Reason, Does.Contain(path == MicroAstKernelPath.Avx512 ? "AVX-512" : path == MicroAstKernelPath.Avx2 ? "AVX2 + FMA" : "whole network"));
        if (choice.HasKernels && avx512Vnni && !avxVnni) Assert.That(choice.Reason, Does.Contain("AVX512-VNNI"), "says why AVX512-VNNI goes unused");
        Assert.That(CpuKernelChoice.For(new CpuFeatures(avx512F, avx2, fma, avxVnni, avx512Vnni)), Is.EqualTo(choice), "the same sets give the same choice");
    }

    [Test]
    public void ANetworkCannotBeOpenedForInstructionsTheCpuLacks()
    {
        if (Machine.Avx512F && Machine.AvxVnni) Assert.Ignore("this CPU has every set the kernels use");
        var more = new CpuFeatures(true, true, true, true, false);
        Assert.Throws<ArgumentException>(() => Open(Precision.Fp32, more));
    }

    /// <summary>Same layers, same order of operations per pixel: 8 lanes give what 16 give (within 1e-4; the narrow scalar edges of tiny frames may round differently).</summary>
    [TestCase(640, 360)]
    [TestCase(101, 77)]
    [TestCase(45, 30)]
    [TestCase(16, 16)]
    public void TheAvx2KernelsComputeWhatTheAvx512KernelsDo(int width, int height)
    {
        RequireAvx512();
        using var wide = Open(Precision.Fp32, Machine);
        using var narrow = Open(Precision.Fp32, Machine with { Avx512F = false });
        Assert.That(wide.Kernels!.Path, Is.EqualTo(MicroAstKernelPath.Avx512));
        Assert.That(narrow.Kernels!.Path, Is.EqualTo(MicroAstKernelPath.Avx2));
        var worst = MaxDifference(Stylize(wide, width, height), Stylize(narrow, width, height));
        TestContext.Out.WriteLine($"{width}×{height}: max |AVX2 − AVX-512| {worst:E2}");
        Assert.That(worst, Is.LessThan(1e-4f));
    }

    [TestCase(320, 180)]
    [TestCase(27, 20)]
    public void Int8OnTheAvx2PathIsIdenticalToTheAvx512Path(int width, int height)
    {
        RequireAvx512();
        using var wide = Open(Precision.Int8, Machine);
        using var narrow = Open(Precision.Int8, Machine with { Avx512F = false });
        Assert.That(Stylize(narrow, width, height), Is.EqualTo(Stylize(wide, width, height)));
    }

    /// <summary>The int8 first and last convs' sums by VPMADDWD on widened bytes are the same integers as by VPDPBUSD.</summary>
    [TestCase(320, 180)]
    [TestCase(27, 20)]
    public void Int8SumsByAvx2AreIdenticalToAvxVnni(int width, int height)
    {
        if (!Machine.AvxVnni) Assert.Ignore("this CPU has no AVX-VNNI to compare with");
        using var vnni = Open(Precision.Int8, Machine with { Avx512F = false });
        using var widened = Open(Precision.Int8, Machine with { Avx512F = false, AvxVnni = false });
        Assert.That(vnni.Kernels!.Sums, Is.EqualTo(Int8Sums.AvxVnni));
        Assert.That(widened.Kernels!.Sums, Is.EqualTo(Int8Sums.Avx2Widened));
        Assert.That(Stylize(widened, width, height), Is.EqualTo(Stylize(vnni, width, height)));
    }

    [Test]
    public void TheDeviceNameSaysWhichPathRuns()
    {
        RequireAvx512();
        using var wide = Open(Precision.Fp32, Machine);
        using var narrow = Open(Precision.Fp32, Machine with { Avx512F = false });
        using var whole = MicroAstStyleNetwork.Open(TestEnvironment.Store, Precision.Fp32, ExecutionDevice.Cpu, Calibration, _ => { }, cpuEnds: false);
        Assert.That(wide.DeviceName, Does.EndWith("AVX-512 kernels"));
        Assert.That(narrow.DeviceName, Does.EndWith("AVX2 kernels"));
        Assert.That(whole.DeviceName, Does.EndWith("whole graph"));
        Assert.That(narrow.Description, Does.Contain("no AVX-512"));
    }

    /// <summary>
    /// A CPU without AVX2 (.NET told so by DOTNET_EnableAVX2=0): `livestyle stylize --network fast` in a
    /// child process says it runs the whole graph, and its picture is the one this process makes.
    /// </summary>
    [Test]
    public void WithoutAvx2TheWholeGraphRunsAndGivesThePicture()
    {
        TestEnvironment.EnsureInt8Built();
        var folder = Path.Combine(Path.GetTempPath(), "livestyle-noavx2-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        try
        {
            var content = Path.Combine(TestEnvironment.ContentImages, "golden_gate.jpg");
            var style = Path.Combine(TestEnvironment.StyleImages, "starry_night__van_gogh_1889.jpg");
            string[] common = ["stylize", "--network", "fast", "--precision", "fp32", "--content", content, "--style", style, "--content-size", "256"];
            var childOut = Path.Combine(folder, "child.png");
            var (code, log) = RunChild([.. common, "--out", childOut], new() { ["DOTNET_EnableAVX2"] = "0", ["DOTNET_EnableAVX512"] = "0" });
            Assert.That(code, Is.EqualTo(0), log);
            Assert.That(log, Does.Contain("whole graph in ONNX Runtime (no AVX2 + FMA"));
            var here = Path.Combine(folder, "here.png");
            var result = CliRunner.Run([.. common, "--out", here]);
            Assert.That(result.ExitCode, Is.EqualTo(0), result.ToString());
            var psnr = Psnr(childOut, here);
            TestContext.Out.WriteLine($"no-AVX2 child vs this process: {psnr:F1} dB");
            Assert.That(psnr, Is.GreaterThan(40), "the same picture (8-bit files from two paths)");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static double Psnr(string a, string b)
    {
        using var first = ImageFile.ReadBgr(a);
        using var second = ImageFile.ReadBgr(b);
        Assert.That(first.Size(), Is.EqualTo(second.Size()));
        first.GetArray(out OpenCvSharp.Vec3b[] x);
        second.GetArray(out OpenCvSharp.Vec3b[] y);
        double sum = 0;
        for (var i = 0; i < x.Length; i++)
            for (var c = 0; c < 3; c++)
            {
                double d = x[i][c] - y[i][c];
                sum += d * d;
            }
        var mse = sum / (3.0 * x.Length);
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 / mse);
    }

    private static (int Code, string Log) RunChild(string[] args, Dictionary<string, string> environment)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "livestyle.dll"));
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["LIVESTYLE_WEIGHTS"] = TestEnvironment.WeightsDirectory;
        start.Environment["LIVESTYLE_MODELS"] = TestEnvironment.ModelsDirectory;
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output.Result + errors);
    }

    private static readonly CalibrationOptions Calibration = new(TestEnvironment.ContentImages, TestEnvironment.StyleImages);

    private static MicroAstStyleNetwork Open(Precision precision, CpuFeatures cpu) =>
        MicroAstStyleNetwork.Open(TestEnvironment.Store, precision, ExecutionDevice.Cpu, Calibration, _ => { }, cpuEnds: true, cpu);

    private static void RequireAvx512()
    {
        if (!Machine.Avx512F) Assert.Ignore("this CPU has no AVX-512: only the AVX2 path can run");
    }

    private static float[] Stylize(MicroAstStyleNetwork network, int width, int height)
    {
        var content = MicroAstTestModels.Image(TestEnvironment.ContentImages, "golden_gate.jpg", width, height);
        var signals = network.EncodeStyle(MicroAstTestModels.Image(TestEnvironment.StyleImages, "starry_night__van_gogh_1889.jpg", 128, 96));
        using var stylizer = network.CreateFrameStylizer(width, height);
        content.Data.CopyTo(stylizer.Content.Data, 0);
        stylizer.Run(signals, 1f);
        return (float[])stylizer.Output.Data.Clone();
    }

    private static float MaxDifference(float[] a, float[] b)
    {
        var worst = 0f;
        for (var i = 0; i < a.Length; i++) worst = Math.Max(worst, Math.Abs(a[i] - b[i]));
        return worst;
    }
}
