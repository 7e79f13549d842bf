using LiveStyle.Core.Networks.AdaIn;
using LiveStyle.Core;
using LiveStyle.Core.Imaging;
using LiveStyle.Core.Inference;
using LiveStyle.Core.Models;
using LiveStyle.Core.Quantization;
using Microsoft.ML.OnnxRuntime;
using NUnit.Framework;
using OpenCvSharp;

namespace LiveStyle.Tests;

/// <summary>The int8 stylizer: built from the shared images, judged by its quality gate, cached, run.</summary>
public class Int8StylizerTests
{
    [Test]
    public void BuildsAndPassesTheQualityGateOnTheSharedImages()
    {
        var (result, log, time) = TestEnvironment.Int8;
        var report = result.Report;
        TestContext.Out.WriteLine($"built in {time.TotalSeconds:F0} s (once per test run)");
        foreach (var line in log) TestContext.Out.WriteLine(line);
        foreach (var p in report.Pairs)
            TestContext.Out.WriteLine($"{p.Content} × {p.Style}: {p.Psnr:F1} dB; content loss {p.ContentLossFp32:F3} / {p.ContentLossInt8:F3}; style loss {p.StyleLossFp32:F3} / {p.StyleLossInt8:F3}");

        Assert.That(result.Accepted, report.Summary());
        Assert.That(report.Pairs, Has.Count.EqualTo(2 * 5), "2 held-out content images × 5 styles");
        Assert.That(report.MeanPsnr, Is.GreaterThanOrEqualTo(35));
        Assert.That(report.Worst.Psnr, Is.GreaterThanOrEqualTo(30));
        // The paper's losses of the int8 model stay close to the float model's.
        Assert.That(report.ContentLossInt8, Is.EqualTo(report.ContentLossFp32).Within(10).Percent);
        Assert.That(report.StyleLossInt8, Is.EqualTo(report.StyleLossFp32).Within(10).Percent);
        Assert.That(File.Exists(result.ModelPath));
        Assert.That(QualityReport.TryRead(AdaInInt8Stylizer.ReportPath(TestEnvironment.Store, TestEnvironment.Calibration, QuantizationSettings.Default))?.Passed, Is.True);
    }

    [Test]
    public void IsBuiltOnceAndReused()
    {
        var path = TestEnvironment.Int8.Result.ModelPath!;
        var written = File.GetLastWriteTimeUtc(path);
        var messages = new List<string>();
        var again = AdaInInt8Stylizer.GetOrBuild(TestEnvironment.Store, TestEnvironment.Calibration, QuantizationSettings.Default, messages.Add);
        Assert.That(again.ModelPath, Is.EqualTo(path));
        Assert.That(again.Report.MeanPsnr, Is.EqualTo(TestEnvironment.Int8.Result.Report.MeanPsnr), "the gate's figures come from the saved report");
        Assert.That(messages, Is.Empty, "a cached model is neither recalibrated nor judged again");
        Assert.That(File.GetLastWriteTimeUtc(path), Is.EqualTo(written));
    }

    [Test]
    public void ConvolutionsBecomeIntegerKernelsInOnnxRuntime()
    {
        var model = TestEnvironment.Int8.Result.ModelPath!;
        var optimized = Path.Combine(TestEnvironment.NewTempDirectory(), "optimized.onnx");
        try
        {
            // Level "extended" applies the QDQ fusions and stays independent of the CPU (no NCHWc/NHWC layouts).
            using (var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_EXTENDED, OptimizedModelFilePath = optimized })
            using (new InferenceSession(model, options)) { }
            var ops = OnnxOps.Read(File.ReadAllBytes(optimized));
            var quantizedLayers = AdaInArchitecture().Count(label => !QuantizationSettings.Default.FloatLayers.Contains(label));
            TestContext.Out.WriteLine(string.Join(", ", ops.GroupBy(o => o).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} {g.Count()}")));
            Assert.That(ops.Count(o => o == "QLinearConv"), Is.EqualTo(quantizedLayers), "every quantized conv runs as QLinearConv");
            Assert.That(ops.Count(o => o is "Conv" or "FusedConv"), Is.EqualTo(QuantizationSettings.Default.FloatLayers.Count),
                "only the float layers stay float convolutions (FusedConv: Conv + ReLU)");
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(optimized)!, recursive: true);
        }
    }

    [Test]
    public void RunsAnOddSizedFrameCloseToTheFloatModel()
    {
        using var bgr = Cv2.ImRead(Path.Combine(TestEnvironment.ContentImages, "newyork.jpg"));
        using var sized = ImageResize.Resize(bgr, 203, 117);
        var content = ImageConversion.ToPlanar(sized);
        using var styleBgr = Cv2.ImRead(Path.Combine(TestEnvironment.StyleImages, "the_shipwreck__turner_1805.jpg"));
        using var styleSized = ImageResize.ShorterSideTo(styleBgr, 256);
        var style = TestEnvironment.StyleEncoder.Encode(ImageConversion.ToPlanar(styleSized));

        using var int8 = new AdaInStylizer(TestEnvironment.Int8.Result.ModelPath!, ExecutionDevice.Cpu);
        using var int8Buffers = int8.CreateBuffers(203, 117);
        using var fp32Buffers = TestEnvironment.Stylizer.CreateBuffers(203, 117);
        content.Data.CopyTo(int8Buffers.Content.Data, 0);
        content.Data.CopyTo(fp32Buffers.Content.Data, 0);
        int8.Run(int8Buffers, style, 1f);
        TestEnvironment.Stylizer.Run(fp32Buffers, style, 1f);

        Assert.That(int8Buffers.Output.Data.All(v => v is >= 0f and <= 1f), "the output is clamped to [0,1]");
        var psnr = StyleTransferLoss.Psnr(int8Buffers.Output.Data, fp32Buffers.Output.Data);
        TestContext.Out.WriteLine($"203×117 PSNR int8 vs fp32: {psnr:F1} dB");
        Assert.That(psnr, Is.GreaterThan(30));
    }

    [Test]
    public void ModelCarriesItsPrecisionAndCalibration()
    {
        using var session = new InferenceSession(TestEnvironment.Int8.Result.ModelPath!);
        var metadata = session.ModelMetadata.CustomMetadataMap;
        Assert.That(metadata["livestyle.precision"], Is.EqualTo("int8"));
        Assert.That(metadata["livestyle.calibration_sha256"], Is.EqualTo(TestEnvironment.Calibration.Hash));
        Assert.That(metadata["livestyle.quantization"], Is.EqualTo(QuantizationSettings.Default.Key));
        Assert.That(metadata["livestyle.weights_sha256"], Is.EqualTo(TestEnvironment.Store.WeightsHash(AdaInModels.Family)));
        Assert.That(session.InputNames, Is.EqualTo(new[] { "content", "style_mean", "style_std", "alpha" }));
        Assert.That(session.OutputNames, Is.EqualTo(new[] { "image" }));
    }

    [Test]
    public void TheCacheKeyFollowsTheCalibrationImagesAndTheSettings()
    {
        var store = TestEnvironment.Store;
        var settings = QuantizationSettings.Default;
        var original = AdaInInt8Stylizer.ModelPath(store, TestEnvironment.Calibration, settings);
        var dir = TestEnvironment.NewTempDirectory();
        try
        {
            var contents = CopyImages(TestEnvironment.ContentImages, Path.Combine(dir, "content"));
            var styles = CopyImages(TestEnvironment.StyleImages, Path.Combine(dir, "style"));
            Assert.That(AdaInInt8Stylizer.ModelPath(store, CalibrationSet.Open(contents, styles), settings), Is.EqualTo(original),
                "the same images in another folder are the same calibration set");

            var first = Directory.GetFiles(contents).Order(StringComparer.Ordinal).First();
            File.AppendAllText(first, "changed");
            Assert.That(AdaInInt8Stylizer.ModelPath(store, CalibrationSet.Open(contents, styles), settings), Is.Not.EqualTo(original));

            Assert.That(AdaInInt8Stylizer.ModelPath(store, TestEnvironment.Calibration, settings with { Method = RangeMethod.MinMax }), Is.Not.EqualTo(original));
            Assert.That(AdaInInt8Stylizer.ModelPath(store, TestEnvironment.Calibration, settings with { ContentSize = 128 }), Is.Not.EqualTo(original));
            Assert.That(AdaInInt8Stylizer.ModelPath(store, TestEnvironment.Calibration, settings with { FloatLayers = ["preprocess"] }), Is.Not.EqualTo(original));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void ARefusedModelIsNotSavedNorRebuiltAndFp32IsUsed()
    {
        var dir = TestEnvironment.NewTempDirectory();
        try
        {
            var (contents, styles) = SmallSet(dir);
            var store = new ModelStore(TestEnvironment.WeightsDirectory, Path.Combine(dir, "models"));
            var impossible = QuantizationSettings.Default with { ContentSize = 64, StyleSize = 64, MinMeanPsnr = 99 };
            var messages = new List<string>();

            var model = AdaInStylizerModel.Locate(store, Precision.Int8, ExecutionDevice.Cpu, new CalibrationOptions(contents, styles), messages.Add, impossible);

            Assert.That(model.Precision, Is.EqualTo(Precision.Fp32));
            Assert.That(model.Path, Is.EqualTo(store.PathFor(AdaInModel.Stylizer)));
            var refusal = messages.Single(m => m.Contains("refused by the quality gate"));
            Assert.That(refusal, Does.Contain("mean PSNR").And.Contain("< 99 dB").And.Contain("content loss").And.Contain("style loss"));
            var calibration = CalibrationSet.Open(contents, styles);
            Assert.That(File.Exists(AdaInInt8Stylizer.ModelPath(store, calibration, impossible)), Is.False, "a refused model is not saved");
            Assert.That(File.Exists(AdaInInt8Stylizer.ReportPath(store, calibration, impossible)), "its figures are");

            messages.Clear();
            var again = AdaInStylizerModel.Locate(store, Precision.Int8, ExecutionDevice.Cpu, new CalibrationOptions(contents, styles), messages.Add, impossible);
            Assert.That(again.Precision, Is.EqualTo(Precision.Fp32));
            Assert.That(messages.Any(m => m.StartsWith("calibrating")), Is.False, "the refusal is remembered until the inputs change");
            Assert.That(messages.Any(m => m.Contains("refused by the quality gate")), "and reported again");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void AMissingCalibrationFolderIsAClearError()
    {
        var missing = Path.Combine(Path.GetTempPath(), "livestyle-no-such-folder-" + Guid.NewGuid().ToString("N"));
        var error = Assert.Throws<LiveStyleException>(() => CalibrationSet.Open(missing, TestEnvironment.StyleImages))!;
        Assert.That(error.Message, Does.Contain(missing).And.Contain("does not exist").And.Contain("--calibration"));
    }

    [Test]
    public void AnEmptyCalibrationFolderIsAClearError()
    {
        var dir = TestEnvironment.NewTempDirectory();
        try
        {
            File.WriteAllText(Path.Combine(dir, "notes.txt"), "not an image");
            var error = Assert.Throws<LiveStyleException>(() => CalibrationSet.Open(dir, TestEnvironment.StyleImages))!;
            Assert.That(error.Message, Does.Contain(dir).And.Contain("has no images"));
            var styleError = Assert.Throws<LiveStyleException>(() => CalibrationSet.Open(TestEnvironment.ContentImages, dir))!;
            Assert.That(styleError.Message, Does.Contain("style folder").And.Contain("has no images"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void OneContentImageIsNotEnoughToHoldOneOut()
    {
        var dir = TestEnvironment.NewTempDirectory();
        try
        {
            File.Copy(Path.Combine(TestEnvironment.ContentImages, "cornell.jpg"), Path.Combine(dir, "cornell.jpg"));
            var error = Assert.Throws<LiveStyleException>(() => CalibrationSet.Open(dir, TestEnvironment.StyleImages))!;
            Assert.That(error.Message, Does.Contain("at least 2"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void AnUnreadableCalibrationImageIsAClearError()
    {
        var dir = TestEnvironment.NewTempDirectory();
        try
        {
            var (contents, styles) = SmallSet(dir);
            var broken = Path.Combine(contents, "zz_broken.jpg");
            File.WriteAllBytes(broken, [0xFF, 0xD8, 0xFF, 0x00, 1, 2, 3]);
            var store = new ModelStore(TestEnvironment.WeightsDirectory, Path.Combine(dir, "models"));
            var settings = QuantizationSettings.Default with { ContentSize = 64, StyleSize = 64 };
            var error = Assert.Throws<LiveStyleException>(() => AdaInInt8Stylizer.GetOrBuild(store, CalibrationSet.Open(contents, styles), settings))!;
            Assert.That(error.Message, Does.Contain(broken).And.Contain("not a readable image"));
            Assert.That(Directory.Exists(Path.Combine(dir, "models")) ? Directory.GetFiles(Path.Combine(dir, "models"), "stylizer-int8*") : [], Is.Empty);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Two content images and one style: the smallest calibration set.</summary>
    private static (string Contents, string Styles) SmallSet(string dir)
    {
        var contents = Path.Combine(dir, "content");
        var styles = Path.Combine(dir, "style");
        Directory.CreateDirectory(contents);
        Directory.CreateDirectory(styles);
        File.Copy(Path.Combine(TestEnvironment.ContentImages, "cornell.jpg"), Path.Combine(contents, "cornell.jpg"));
        File.Copy(Path.Combine(TestEnvironment.ContentImages, "flowers.jpg"), Path.Combine(contents, "flowers.jpg"));
        File.Copy(Path.Combine(TestEnvironment.StyleImages, "great_wave__hokusai_c1831.jpg"), Path.Combine(styles, "great_wave.jpg"));
        return (contents, styles);
    }

    private static string CopyImages(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        return to;
    }

    private static IEnumerable<string> AdaInArchitecture() =>
        LiveStyle.Core.Networks.AdaIn.AdaInArchitecture.Encoder.Concat(LiveStyle.Core.Networks.AdaIn.AdaInArchitecture.Decoder).Select(l => l.Label);
}
