using LiveStyle.Core.Inference;
using LiveStyle.Core.Models;
using LiveStyle.Core.Networks.MicroAst;
using LiveStyle.Core.Quantization;
using Microsoft.ML.OnnxRuntime;
using NUnit.Framework;

namespace LiveStyle.Tests.MicroAst;

/// <summary>The fast stylizer's int8 build: calibrated on the shared images, judged by the same gate as AdaIN's, cached, fused.</summary>
public class MicroAstInt8Tests
{
    private static readonly Lazy<(Int8StylizerResult Result, List<string> Log)> Int8Lazy = new(() =>
    {
        var log = new List<string>();
        return (MicroAstQuantization.GetOrBuild(TestEnvironment.Store, TestEnvironment.Calibration, log: log.Add), log);
    });

    [Test]
    public void BuildsAndPassesTheQualityGate()
    {
        var (result, log) = Int8Lazy.Value;
        foreach (var line in log) TestContext.Out.WriteLine(line);
        foreach (var p in result.Report.Pairs)
            TestContext.Out.WriteLine($"{p.Content} × {p.Style}: {p.Psnr:F1} dB; content loss {p.ContentLossFp32:F3} / {p.ContentLossInt8:F3}; style loss {p.StyleLossFp32:F3} / {p.StyleLossInt8:F3}");
        Assert.That(result.Accepted, result.Report.Summary());
        Assert.That(result.Report.Pairs, Has.Count.EqualTo(2 * 5), "2 held-out content images × 5 styles");
        Assert.That(result.Report.MeanPsnr, Is.GreaterThanOrEqualTo(35));
        Assert.That(result.Report.Worst.Psnr, Is.GreaterThanOrEqualTo(30));
        Assert.That(result.Report.StyleLossInt8, Is.EqualTo(result.Report.StyleLossFp32).Within(10).Percent);
    }

    [Test]
    public void IsChosenByPrecisionAndReused()
    {
        var first = Int8Lazy.Value.Result;
        var messages = new List<string>();
        var model = MicroAstStylizerModel.Locate(TestEnvironment.Store, Precision.Int8, ExecutionDevice.Cpu, new CalibrationOptions(), messages.Add);
        Assert.That(model.Precision, Is.EqualTo(Precision.Int8), model.Description);
        Assert.That(model.Path, Is.EqualTo(first.ModelPath));
        Assert.That(messages, Is.Empty, "a cached model is neither recalibrated nor judged again");
        var fp32 = MicroAstStylizerModel.Locate(TestEnvironment.Store, Precision.Fp32, ExecutionDevice.Cpu, new CalibrationOptions(), messages.Add);
        Assert.That(fp32.Path, Is.EqualTo(TestEnvironment.Store.PathFor(MicroAstModel.Stylizer)));
    }

    [Test]
    public void ResidualConvsBecomeIntegerKernels()
    {
        var optimized = Path.Combine(TestEnvironment.NewTempDirectory(), "optimized.onnx");
        using (var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_EXTENDED, OptimizedModelFilePath = optimized })
        using (new InferenceSession(Int8Lazy.Value.Result.ModelPath!, options)) { }
        var ops = OnnxOps.Read(File.ReadAllBytes(optimized));
        Assert.That(ops.Count(op => op == "QLinearConv"), Is.EqualTo(MicroAstQuantization.QuantizedConvs.Count), string.Join(",", ops.Distinct()));
        Directory.Delete(Path.GetDirectoryName(optimized)!, recursive: true);
    }
}
