using LiveStyle.Core.Imaging;
using LiveStyle.Core.Inference;
using LiveStyle.Core.Models;
using LiveStyle.Core.Networks.MicroAst;
using LiveStyle.Core.Quantization;
using LiveStyle.Core.Styling;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using NUnit.Framework;

namespace LiveStyle.Tests.MicroAst;

/// <summary>
/// The fast network with its full-resolution layers in LiveStyle's CPU kernels around the ONNX core,
/// against the same network run whole in ONNX Runtime (real weights, real sessions).
/// </summary>
[NonParallelizable]
public class MicroAstCpuEndsTests
{
    private static readonly Lazy<MicroAstStyleNetwork> WithEnds = new(() => Open(Precision.Fp32, cpuEnds: true));
    private static readonly Lazy<MicroAstStyleNetwork> Whole = new(() => Open(Precision.Fp32, cpuEnds: false));

    private static MicroAstStyleNetwork Open(Precision precision, bool cpuEnds) =>
        MicroAstStyleNetwork.Open(TestEnvironment.Store, precision, ExecutionDevice.Cpu, new CalibrationOptions(TestEnvironment.ContentImages, TestEnvironment.StyleImages), _ => { }, cpuEnds);

    private static StyleSignals Signals(MicroAstStyleNetwork network) =>
        network.EncodeStyle(MicroAstTestModels.Image(TestEnvironment.StyleImages, "starry_night__van_gogh_1889.jpg", 128, 96));

    [OneTimeSetUp]
    public void RequireTheKernels()
    {
        if (!WithEnds.Value.HasCpuEnds) Assert.Ignore("this CPU has no AVX-512: the fast network runs whole in ONNX Runtime");
    }

    /// <summary>Sizes that are multiples of 4, odd ones (padded to ×4 and cropped back), narrower than a 64-pixel block, and the smallest.</summary>
    [TestCase(640, 360)]
    [TestCase(45, 30)]
    [TestCase(101, 77)]
    [TestCase(16, 16)]
    [TestCase(70, 18)]
    [TestCase(40, 36)]   // the head's last band of quarter-size rows holds one row
    public void TheKernelsComputeWhatTheWholeGraphDoes(int width, int height)
    {
        var content = MicroAstTestModels.Image(TestEnvironment.ContentImages, "golden_gate.jpg", width, height);
        var signals = Signals(Whole.Value);
        var expected = Stylize(Whole.Value, content, signals);
        var actual = Stylize(WithEnds.Value, content, signals);
        var worst = 0f;
        for (var i = 0; i < expected.Length; i++) worst = Math.Max(worst, Math.Abs(actual[i] - expected[i]));
        TestContext.Out.WriteLine($"{width}×{height}: max |difference| {worst:E2}");
        Assert.That(worst, Is.LessThan(1e-4f), "largest difference from the whole graph (in [0, 1]; an 8-bit level is 4e-3)");
    }

    [Test]
    public void TheSecondFrameGivesTheSameResult()
    {
        var content = MicroAstTestModels.Image(TestEnvironment.ContentImages, "golden_gate.jpg", 200, 120);
        var signals = Signals(WithEnds.Value);
        using var stylizer = WithEnds.Value.CreateFrameStylizer(200, 120);
        content.Data.CopyTo(stylizer.Content.Data, 0);
        stylizer.Run(signals, 1f);
        var first = (float[])stylizer.Output.Data.Clone();
        Array.Fill(stylizer.Output.Data, -1f);
        stylizer.Run(signals, 1f);
        Assert.That(stylizer.Output.Data, Is.EqualTo(first), "no state left over from the first run");
    }

    /// <summary>
    /// int8: the core quantized as the gate judged it and the first and last convs in int8 with the same
    /// ranges and weights (where the CPU has AVX-VNNI): close to the int8 model the gate judged, run
    /// whole as it is, and as close to fp32.
    /// </summary>
    [TestCase(320, 180)]
    [TestCase(27, 20)]   // narrower than the int8 conv's 32-pixel block
    public void Int8WithTheKernelsComputesWhatTheGatedInt8ModelDoes(int width, int height)
    {
        using var int8 = Open(Precision.Int8, cpuEnds: true);
        Assert.That(int8.Precision, Is.EqualTo(Precision.Int8));
        Assert.That(int8.HasCpuEnds, Is.True, "the int8 model's calibration ranges are known, so its core can be rebuilt");
        var content = MicroAstTestModels.Image(TestEnvironment.ContentImages, "golden_gate.jpg", width, height);
        var signals = Signals(Whole.Value);
        var withKernels = Stylize(int8, content, signals);
        var whole = StylizeWithGatedModel(content, signals);
        var fp32 = Stylize(Whole.Value, content, signals);
        var toWhole = StyleTransferLoss.Psnr(withKernels, whole);
        var kernelsToFp32 = StyleTransferLoss.Psnr(withKernels, fp32);
        var wholeToFp32 = StyleTransferLoss.Psnr(whole, fp32);
        TestContext.Out.WriteLine($"int8 kernels vs the gated int8 model {toWhole:F1} dB; vs fp32: kernels {kernelsToFp32:F1} dB, gated model {wholeToFp32:F1} dB");
        Assert.That(toWhole, Is.GreaterThan(40), "PSNR vs the gated int8 model");
        Assert.That(kernelsToFp32, Is.GreaterThan(wholeToFp32 - 0.5), "no further from fp32 than the int8 model the gate judged");
    }

    /// <summary>
    /// Where the whole network runs in ONNX Runtime (no AVX-512) its int8 model keeps the first conv in
    /// fp32 (ONNX Runtime runs it slower in int8): a different model from the gated one, and no further
    /// from fp32.
    /// </summary>
    [Test]
    public void TheWholeInt8GraphKeepsTheFirstConvInFloat()
    {
        using var wholeInt8 = Open(Precision.Int8, cpuEnds: false);
        Assert.That(wholeInt8.Description, Does.Contain("enc1.0 in fp32"));
        var content = MicroAstTestModels.Image(TestEnvironment.ContentImages, "golden_gate.jpg", 320, 180);
        var signals = Signals(Whole.Value);
        var whole = Stylize(wholeInt8, content, signals);
        var gated = StylizeWithGatedModel(content, signals);
        var fp32 = Stylize(Whole.Value, content, signals);
        var wholeToFp32 = StyleTransferLoss.Psnr(whole, fp32);
        var gatedToFp32 = StyleTransferLoss.Psnr(gated, fp32);
        TestContext.Out.WriteLine($"vs fp32: whole int8 (enc1.0 fp32) {wholeToFp32:F1} dB, gated int8 model {gatedToFp32:F1} dB");
        Assert.That(whole, Is.Not.EqualTo(gated), "the first conv is not quantized");
        Assert.That(wholeToFp32, Is.GreaterThan(gatedToFp32 - 0.2), "PSNR vs fp32, against the gated model's");
    }

    /// <summary>The gated int8 model file, run whole and as it is (content and signals in, the image out).</summary>
    private static float[] StylizeWithGatedModel(PlanarImage content, StyleSignals signals)
    {
        var model = MicroAstStylizerModel.Locate(TestEnvironment.Store, Precision.Int8, ExecutionDevice.Cpu,
            new CalibrationOptions(TestEnvironment.ContentImages, TestEnvironment.StyleImages), _ => { });
        using var session = new InferenceSession(model.Path);
        using var results = session.Run([
            NamedOnnxValue.CreateFromTensor(ModelNames.Content, new DenseTensor<float>(content.Data, [1, 3, content.Height, content.Width])),
            NamedOnnxValue.CreateFromTensor(ModelNames.Signals, new DenseTensor<float>(signals.Values, [1, signals.Length])),
        ]);
        return results.First(r => r.Name == ModelNames.Image).AsTensor<float>().ToArray();
    }

    private static float[] Stylize(MicroAstStyleNetwork network, PlanarImage content, StyleSignals signals)
    {
        using var stylizer = network.CreateFrameStylizer(content.Width, content.Height);
        content.Data.CopyTo(stylizer.Content.Data, 0);
        stylizer.Run(signals, 1f);
        return (float[])stylizer.Output.Data.Clone();
    }
}
