using LiveStyle.Core.Imaging;
using LiveStyle.Core.Models;
using LiveStyle.Core.Networks.MicroAst;
using LiveStyle.Core.Onnx;
using LiveStyle.Train.Networks;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using NUnit.Framework;
using OpenCvSharp;
using static TorchSharp.torch;

namespace LiveStyle.Train.Tests;

/// <summary>The TorchSharp MicroAST against Core's ONNX models run by ONNX Runtime, on the real weights.</summary>
public class MicroAstNetworkTests
{
    private const double Tolerance = 1e-4;
    private static readonly Lazy<MicroAstWeights> WeightsLazy = new(() => MicroAstWeights.Load(MicroAstDirectory));
    private static readonly Lazy<MicroAstNetwork> NetworkLazy = new(() =>
    {
        var network = new MicroAstNetwork();
        network.Load(WeightsLazy.Value, MicroAstDirectory);
        network.eval();
        return network;
    });

    private static string MicroAstDirectory => MicroAstWeights.DirectoryIn(SharedData.WeightsDirectory);

    private static float[] Image(string folder, string name, int width, int height)
    {
        using var bgr = Cv2.ImRead(Path.Combine(folder, name));
        using var sized = ImageResize.Resize(bgr, width, height);
        return ImageConversion.ToPlanar(sized).Data;
    }

    private static float[] OnnxRun(MicroAstModel model, params (string Name, float[] Data, int[] Shape)[] inputs)
    {
        using var session = new InferenceSession(OnnxWriter.Serialize(MicroAstModelBuilder.Build(model, WeightsLazy.Value)));
        using var results = session.Run(inputs.Select(i => NamedOnnxValue.CreateFromTensor(i.Name, new DenseTensor<float>(i.Data, i.Shape))).ToArray());
        return results.Single().AsTensor<float>().ToArray();
    }

    private static float[] StyleSignalsOnnx(float[] style, int width, int height) =>
        OnnxRun(MicroAstModel.StyleEncoder, (ModelNames.Image, style, [1, 3, height, width]));

    [Test]
    public void StyleSignalsMatchOnnxRuntime()
    {
        var style = Image(SharedData.StyleImages, "the_scream__munch_1893.jpg", 70, 90);
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var signals = NetworkLazy.Value.Signals(tensor(style, [1, 3, 90, 70]));
        Assert.That(signals.shape, Is.EqualTo(new long[] { 1, MicroAstSignals.Length }));
        Tensors.Close(Tensors.Values(signals), StyleSignalsOnnx(style, 70, 90), Tolerance, "signals, TorchSharp vs ONNX Runtime");
    }

    [TestCase(96, 64)]
    [TestCase(94, 61)]
    public void StylizerMatchesOnnxRuntime(int width, int height)
    {
        var style = Image(SharedData.StyleImages, "great_wave__hokusai_c1831.jpg", 80, 64);
        var signals = StyleSignalsOnnx(style, 80, 64);
        var content = Image(SharedData.ContentImages, "sailboat.jpg", width, height);
        var expected = OnnxRun(MicroAstModel.Stylizer,
            (ModelNames.Content, content, [1, 3, height, width]), (ModelNames.Signals, signals, [1, MicroAstSignals.Length]));

        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var output = NetworkLazy.Value.Stylize(tensor(content, [1, 3, height, width]), tensor(signals, [1, MicroAstSignals.Length]));
        Assert.That(output.shape, Is.EqualTo(new long[] { 1, 3, height, width }));
        Tensors.Close(Tensors.Values(output), expected, Tolerance, $"stylized {width}x{height}, TorchSharp vs ONNX Runtime");
    }

    [Test]
    public void ParametersAreTrainable()
    {
        var parameters = NetworkLazy.Value.parameters().ToList();
        Assert.That(parameters, Has.Count.EqualTo(2 * (9 + 9 + 4 + 9)));
        Assert.That(parameters.Sum(p => p.numel()), Is.InRange(400_000, 500_000), "about 0.47 M parameters");
    }
}
