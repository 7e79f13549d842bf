using LiveStyle.Core.Imaging;
using LiveStyle.Core.Inference;
using LiveStyle.Core.Models;
using LiveStyle.Core.Networks.AdaIn;
using LiveStyle.Core.Styling;
using Microsoft.ML.OnnxRuntime;
using LiveStyle.Core.Onnx;
using NUnit.Framework;

namespace LiveStyle.Tests;

/// <summary>The ONNX models, run by ONNX Runtime, against tensors computed by pytorch-AdaIN.</summary>
public class GoldenTests
{
    private const double Tolerance = 1e-4;
    private static float[] Golden(string name) => TensorAssert.ReadF32(Path.Combine(TestEnvironment.GoldenDirectory, name));

    private static float[] RunSingle(AdaInModel kind, string inputName, float[] input, long[] shape)
    {
        using var session = new InferenceSession(TestEnvironment.Store.GetOrBuild(kind));
        using var value = OrtValue.CreateTensorValueFromMemory(input, shape);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, [inputName], [value], [session.OutputNames[0]]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    [TestCase("content_3x128x128.f32", "relu4_1_content_512x16x16.f32")]
    [TestCase("style_3x128x128.f32", "relu4_1_style_512x16x16.f32")]
    public void EncoderMatchesRelu41(string image, string features)
    {
        var actual = RunSingle(AdaInModel.Encoder, ModelNames.Image, Golden(image), [1, 3, 128, 128]);
        TensorAssert.Close(actual, Golden(features), Tolerance, "relu4_1");
    }

    [Test]
    public void DecoderMatchesDecodedImage()
    {
        var actual = RunSingle(AdaInModel.Decoder, ModelNames.Features, Golden("adain_512x16x16.f32"), [1, 512, 16, 16]);
        TensorAssert.Close(actual, Golden("decoded_3x128x128.f32"), Tolerance, "decoded image");
    }

    [Test]
    public void StyleEncoderMatchesStatisticsOfGoldenFeatures()
    {
        var style = TestEnvironment.StyleEncoder.Encode(new PlanarImage(128, 128, Golden("style_3x128x128.f32")));
        var (mean, std) = ChannelStatistics(Golden("relu4_1_style_512x16x16.f32"), 16 * 16);
        TensorAssert.Close(style.Mean, mean, Tolerance, "style mean");
        TensorAssert.Close(style.Std, std, Tolerance, "style std");
    }

    [Test]
    public void StylizerMatchesClampedDecodedImage()
    {
        var style = TestEnvironment.StyleEncoder.Encode(new PlanarImage(128, 128, Golden("style_3x128x128.f32")));
        using var buffers = TestEnvironment.Stylizer.CreateBuffers(128, 128);
        Golden("content_3x128x128.f32").CopyTo(buffers.Content.Data, 0);
        TestEnvironment.Stylizer.Run(buffers, style, alpha: 1f);
        var expected = Golden("decoded_3x128x128.f32").Select(v => Math.Clamp(v, 0f, 1f)).ToArray();
        TensorAssert.Close(buffers.Output.Data, expected, Tolerance, "stylized image");
    }

    /// <summary>pytorch-AdaIN's calc_mean_std: unbiased variance + 1e-5 inside the square root.</summary>
    internal static (float[] Mean, float[] Std) ChannelStatistics(float[] features, int spatial)
    {
        var channels = features.Length / spatial;
        var mean = new float[channels];
        var std = new float[channels];
        for (var c = 0; c < channels; c++)
        {
            var plane = features.AsSpan(c * spatial, spatial);
            double sum = 0;
            foreach (var v in plane) sum += v;
            var m = sum / spatial;
            double squares = 0;
            foreach (var v in plane) squares += (v - m) * (v - m);
            mean[c] = (float)m;
            std[c] = (float)Math.Sqrt(squares / (spatial - 1) + 1e-5);
        }
        return (mean, std);
    }
}

/// <summary>The AdaIN subgraph alone (the same code the stylizer is built from), through ONNX Runtime.</summary>
public class AdaInSubgraphTests
{
    [TestCase(1f)]
    [TestCase(0f)]
    public void AdaInMatchesGolden(float alpha)
    {
        var g = new GraphBuilder();
        var net = new AdaInGraph(g);
        var dims = new[] { OnnxDim.Fixed(1), OnnxDim.Fixed(512), OnnxDim.Dynamic("h"), OnnxDim.Dynamic("w") };
        var stats = new[] { OnnxDim.Fixed(1), OnnxDim.Fixed(512) };
        var content = g.Input("content_features", OnnxDataType.Float, dims);
        var mean = g.Input("style_mean", OnnxDataType.Float, stats);
        var std = g.Input("style_std", OnnxDataType.Float, stats);
        var a = g.Input("alpha", OnnxDataType.Float, OnnxDim.Fixed(1));
        g.Output(net.AdaIn(content, mean, std, a), "features", OnnxDataType.Float, dims);
        var model = new OnnxModel(g.Build("adain"), AdaInModelBuilder.Opset, "test", "1", new Dictionary<string, string>());

        var contentFeatures = TensorAssert.ReadF32(Path.Combine(TestEnvironment.GoldenDirectory, "relu4_1_content_512x16x16.f32"));
        var styleFeatures = TensorAssert.ReadF32(Path.Combine(TestEnvironment.GoldenDirectory, "relu4_1_style_512x16x16.f32"));
        var (styleMean, styleStd) = GoldenTests.ChannelStatistics(styleFeatures, 256);
        using var session = new InferenceSession(OnnxWriter.Serialize(model));
        using var runOptions = new RunOptions();
        using var inputs = new DisposableList([
            OrtValue.CreateTensorValueFromMemory(contentFeatures, [1, 512, 16, 16]),
            OrtValue.CreateTensorValueFromMemory(styleMean, [1, 512]),
            OrtValue.CreateTensorValueFromMemory(styleStd, [1, 512]),
            OrtValue.CreateTensorValueFromMemory(new[] { alpha }, [1])]);
        using var outputs = session.Run(runOptions, ["content_features", "style_mean", "style_std", "alpha"], inputs.Values, ["features"]);
        var actual = outputs[0].GetTensorDataAsSpan<float>();

        // α = 1 is the golden AdaIN output; α = 0 gives the content features back (up to the eps in σ).
        var expected = alpha == 1f ? TensorAssert.ReadF32(Path.Combine(TestEnvironment.GoldenDirectory, "adain_512x16x16.f32")) : contentFeatures;
        TensorAssert.Close(actual, expected, 1e-4, $"AdaIN at alpha {alpha}");
    }

    private sealed class DisposableList(OrtValue[] values) : IDisposable
    {
        public OrtValue[] Values => values;
        public void Dispose() { foreach (var v in values) v.Dispose(); }
    }
}
