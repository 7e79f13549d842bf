using LiveStyle.Core.Models;
using LiveStyle.Core.Networks.AdaIn;
using LiveStyle.Core.Onnx;
using LiveStyle.Core.Weights;
using LiveStyle.Train.Networks;
using Microsoft.ML.OnnxRuntime;
using NUnit.Framework;
using static TorchSharp.torch;

namespace LiveStyle.Train.Tests;

/// <summary>The TorchSharp networks against pytorch-AdaIN's golden tensors and against ONNX Runtime on Core's models.</summary>
public class NetworkTests
{
    private const double Tolerance = 1e-4;

    [TestCase("content_3x128x128.f32", "relu4_1_content_512x16x16.f32")]
    [TestCase("style_3x128x128.f32", "relu4_1_style_512x16x16.f32")]
    public void EncoderMatchesGoldenRelu41(string image, string features)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var output = Networks.Encoder.Encode(Tensors.FromChw(SharedData.Golden(image), 1, 3, 128, 128));
        Assert.That(output.shape, Is.EqualTo(new long[] { 1, 512, 16, 16 }));
        Tensors.Close(Tensors.Values(output), SharedData.Golden(features), Tolerance, "relu4_1");
    }

    [Test]
    public void AdaInMatchesGolden()
    {
        using var scope = NewDisposeScope();
        var content = Tensors.FromChw(SharedData.Golden("relu4_1_content_512x16x16.f32"), 1, 512, 16, 16);
        var style = Tensors.FromChw(SharedData.Golden("relu4_1_style_512x16x16.f32"), 1, 512, 16, 16);
        Tensors.Close(Tensors.Values(AdaInFunctions.AdaIn(content, style)), SharedData.Golden("adain_512x16x16.f32"), Tolerance, "AdaIN");
    }

    [Test]
    public void DecoderMatchesGoldenImage()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var output = Networks.Decoder.Decode(Tensors.FromChw(SharedData.Golden("adain_512x16x16.f32"), 1, 512, 16, 16));
        Assert.That(output.shape, Is.EqualTo(new long[] { 1, 3, 128, 128 }));
        Tensors.Close(Tensors.Values(output), SharedData.Golden("decoded_3x128x128.f32"), Tolerance, "decoded image");
    }

    [Test]
    public void TapsAreReluOutputsAtHalvingSizes()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        // 100×76 is not a multiple of 8: ceil-mode pooling gives 50×38, 25×19, 13×10.
        var image = rand(1, 3, 100, 76, generator: new TorchSharp.torch.Generator(7));
        var taps = Networks.Encoder.EncodeWithTaps(image);
        Assert.That(taps.Select(t => t.shape), Is.EqualTo(new[]
        {
            new long[] { 1, 64, 100, 76 }, [1, 128, 50, 38], [1, 256, 25, 19], [1, 512, 13, 10],
        }));
        Assert.That(taps.All(t => t.min().item<float>() >= 0f), "taps are ReLU outputs");
        Tensors.Close(Tensors.Values(taps[3]), Tensors.Values(Networks.Encoder.Encode(image)), 0, "relu4_1 tap vs Encode");
    }

    [Test]
    public void EncoderMatchesOnnxRuntimeOnCoresModel()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var input = rand(1, 3, 100, 76, generator: new TorchSharp.torch.Generator(11));
        var torchOutput = Tensors.Values(Networks.Encoder.Encode(input));
        var onnx = RunOnnx(AdaInModel.Encoder, ModelNames.Image, Tensors.Values(input), [1, 3, 100, 76]);
        Tensors.Close(torchOutput, onnx, Tolerance, "encoder: TorchSharp vs ONNX Runtime");
    }

    [Test]
    public void DecoderMatchesOnnxRuntimeOnCoresModel()
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var features = Networks.Encoder.Encode(rand(1, 3, 96, 64, generator: new TorchSharp.torch.Generator(13)));
        var torchOutput = Tensors.Values(Networks.Decoder.Decode(features));
        var onnx = RunOnnx(AdaInModel.Decoder, ModelNames.Features, Tensors.Values(features), [1, 512, 12, 8]);
        Tensors.Close(torchOutput, onnx, Tolerance, "decoder: TorchSharp vs ONNX Runtime");
    }

    [Test]
    public void StateDictKeysArePytorchAdaIns()
    {
        var encoderKeys = Networks.Encoder.Layers.state_dict().Keys.Order().ToArray();
        var decoderKeys = Networks.Decoder.Layers.state_dict().Keys.Order().ToArray();
        Assert.That(encoderKeys, Is.EqualTo(Names(AdaInArchitecture.Encoder)));
        Assert.That(decoderKeys, Is.EqualTo(Names(AdaInArchitecture.Decoder)));
        Assert.That(Networks.Encoder.Layers.parameters().All(p => !p.requires_grad), "the encoder is frozen");
    }

    [Test]
    public void WeightsRoundTripThroughSafetensors()
    {
        var dir = SharedData.NewTempDirectory();
        try
        {
            var path = Path.Combine(dir, "decoder.safetensors");
            SafetensorsFile.Write(path, Networks.Decoder.Weights());
            using var copy = new AdaInDecoder();
            copy.Load(SafetensorsFile.Read(path), path);
            foreach (var (name, tensor) in Networks.Weights.Decoder)
                Assert.That(copy.Weights().Single(w => w.Name == name).Data, Is.EqualTo(tensor.Data), name);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Test]
    public void MisshapenWeightsAreRejectedByName()
    {
        var broken = Networks.Weights.Decoder.ToDictionary(kv => kv.Key, kv => kv.Value);
        broken["28.weight"] = new WeightTensor("28.weight", [3, 64, 1, 1], new float[3 * 64]);
        using var decoder = new AdaInDecoder();
        var ex = Assert.Throws<LiveStyle.Core.LiveStyleException>(() => decoder.Load(broken, "broken.safetensors"));
        Assert.That(ex!.Message, Does.Contain("28.weight").And.Contain("deconv1_1"));
    }

    private static string[] Names(IEnumerable<ConvLayer> layers) =>
        layers.SelectMany(l => new[] { l.WeightName, l.BiasName }).Order().ToArray();

    private static float[] RunOnnx(AdaInModel kind, string inputName, float[] input, long[] shape)
    {
        var model = AdaInModelBuilder.Build(kind, Networks.Weights.Encoder, Networks.Weights.Decoder, Networks.Weights.ContentHash);
        using var session = new InferenceSession(OnnxWriter.Serialize(model));
        using var value = OrtValue.CreateTensorValueFromMemory(input, shape);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, [inputName], [value], [session.OutputNames[0]]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
