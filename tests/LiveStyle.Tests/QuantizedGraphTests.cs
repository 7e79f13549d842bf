using LiveStyle.Core.Imaging;
using LiveStyle.Core.Inference;
using LiveStyle.Core.Models;
using LiveStyle.Core.Networks.AdaIn;
using LiveStyle.Core.Onnx;
using LiveStyle.Core.Quantization;
using LiveStyle.Core.Weights;
using Microsoft.ML.OnnxRuntime;
using NUnit.Framework;

namespace LiveStyle.Tests;

/// <summary>The graphs the int8 build is made of: the loss encoder's taps, channel equalization, QDQ convolutions.</summary>
public class QuantizedGraphTests
{
    private static float[] Golden(string name) => TensorAssert.ReadF32(Path.Combine(TestEnvironment.GoldenDirectory, name));

    private static byte[] Build(AdaInModel kind, StylizerQuantization? quantization = null, ChannelEqualization? equalization = null)
    {
        var weights = TestEnvironment.Store.Weights(AdaInModels.Family);
        return OnnxWriter.Serialize(AdaInModelBuilder.Build(kind, weights.Encoder, weights.Decoder, weights.ContentHash,
            quantization: quantization, equalization: equalization));
    }

    private static float[] Stylize(AdaInStylizer stylizer)
    {
        var style = TestEnvironment.StyleEncoder.Encode(new PlanarImage(128, 128, Golden("style_3x128x128.f32")));
        using var buffers = stylizer.CreateBuffers(128, 128);
        Golden("content_3x128x128.f32").CopyTo(buffers.Content.Data, 0);
        stylizer.Run(buffers, style, 1f);
        return buffers.Output.Data.ToArray();
    }

    [Test]
    public void LossEncoderTapsEndAtTheGoldenRelu41()
    {
        using var encoder = new LossEncoder(Build(AdaInModel.LossEncoder));
        var features = encoder.Encode(new PlanarImage(128, 128, Golden("content_3x128x128.f32")));
        Assert.That(features.Select(f => (f.Layer, f.Channels, f.Data.Length)), Is.EqualTo(new[]
        {
            ("relu1_1", 64, 64 * 128 * 128), ("relu2_1", 128, 128 * 64 * 64), ("relu3_1", 256, 256 * 32 * 32), ("relu4_1", 512, 512 * 16 * 16),
        }));
        TensorAssert.Close(features[^1].Data, Golden("relu4_1_content_512x16x16.f32"), 1e-4, "relu4_1 tap");
    }

    [Test]
    public void ChannelEqualizationKeepsTheNetworksFunction()
    {
        var random = new Random(11);
        var labels = AdaInArchitecture.Encoder.Concat(AdaInArchitecture.Decoder).Select(l => l.Label).Append(AdaInGraph.AdaInOutput)
            .Where(AdaInGraph.IsEqualizable);
        var channels = AdaInArchitecture.Encoder.Concat(AdaInArchitecture.Decoder).ToDictionary(l => l.Label, l => l.OutChannels);
        channels[AdaInGraph.AdaInOutput] = AdaInArchitecture.FeatureChannels;
        var equalization = new ChannelEqualization(labels.ToDictionary(l => l, l =>
            Enumerable.Range(0, channels[l]).Select(_ => (float)Math.Pow(2, random.NextDouble() * 6 - 3)).ToArray()));

        using var equalized = new AdaInStylizer(Build(AdaInModel.Stylizer, equalization: equalization));
        TensorAssert.Close(Stylize(equalized), Stylize(TestEnvironment.Stylizer), 1e-4, "stylizer with every activation rescaled per channel");
    }

    [Test]
    public void TheLastConvsQuantizationIsTheClampToEightBits()
    {
        var plan = (QuantizationSettings.Default with { FloatLayers = [] }).Plan(new Dictionary<string, ActivationHistogram>(), imageOutput: AdaInArchitecture.Decoder[^1].Label);
        Assert.That(plan.For("deconv1_1"), Is.EqualTo(new ActivationQuantization(1f / 255, 0)));
    }

    [Test]
    public void AllInt8WithWideRangesRunsCloseToFloat()
    {
        // Generous ranges for every activation (no calibration): a smoke test of the QDQ graph itself.
        var ranges = new Dictionary<string, ActivationQuantization>
        {
            ["preprocess"] = ActivationQuantization.FromRange(-130, 160),
            [AdaInGraph.AdaInOutput] = ActivationQuantization.FromRange(-5, 60),
        };
        foreach (var layer in AdaInArchitecture.Encoder.Concat(AdaInArchitecture.Decoder).Where(l => l.Relu))
            ranges[layer.Label] = ActivationQuantization.FromRange(0, layer.Label.StartsWith("de") ? 30 : 60);
        ranges["deconv1_1"] = new ActivationQuantization(1f / 255, 0);
        var plan = new StylizerQuantization(ranges, new HashSet<string> { "preprocess" });

        var model = Build(AdaInModel.Stylizer, plan);
        Assert.That(OnnxOps.Read(model).Count(o => o == "QuantizeLinear"), Is.GreaterThanOrEqualTo(18));
        using var int8 = new AdaInStylizer(model);
        var output = Stylize(int8);
        var psnr = StyleTransferLoss.Psnr(output, Stylize(TestEnvironment.Stylizer));
        TestContext.Out.WriteLine($"uncalibrated all-int8 PSNR vs fp32 at 128×128: {psnr:F1} dB");
        Assert.That(output.All(v => v is >= 0f and <= 1f));
        Assert.That(psnr, Is.GreaterThan(15), "a quantized stylizer still draws the same picture");
    }

    [Test]
    public void WeightsAreSymmetricInt8PerOutputChannel()
    {
        var weight = new WeightTensor("w", [2, 1, 1, 2], [0.25f, -1f, 0.02f, 0.006f]);
        var bias = new WeightTensor("b", [2], [0.3f, -0.004f]);
        var q = ConvWeightQuantization.Create(weight, bias, inputScale: 0.1f);
        Assert.That(q.WeightScales, Is.EqualTo(new[] { 1f / 127, 0.02f / 127 }).Within(1e-9));
        Assert.That(q.Weights, Is.EqualTo(new sbyte[] { 32, -127, 127, 38 }));
        Assert.That(q.BiasScales, Is.EqualTo(new[] { 0.1f / 127, 0.1f * 0.02f / 127 }).Within(1e-9));
        Assert.That(q.Bias, Is.EqualTo(new[] { 381, -254 }));
    }
}
