using LiveStyle.Core.Imaging;
using LiveStyle.Core.Models;
using LiveStyle.Core.Networks.MicroAst;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using NUnit.Framework;
using OpenCvSharp;

namespace LiveStyle.Tests.MicroAst;

/// <summary>The fast network's ONNX models from this test run's store, run directly through ONNX Runtime, and test images.</summary>
public static class MicroAstTestModels
{
    private static readonly Lazy<MicroAstWeights> WeightsLazy = new(() => TestEnvironment.Store.Weights(MicroAstModels.Family));
    private static readonly Lazy<InferenceSession> StylizerLazy = new(() => new InferenceSession(TestEnvironment.Store.GetOrBuild(MicroAstModel.Stylizer)));
    private static readonly Lazy<InferenceSession> StyleEncoderLazy = new(() => new InferenceSession(TestEnvironment.Store.GetOrBuild(MicroAstModel.StyleEncoder)));

    public static MicroAstWeights Weights => WeightsLazy.Value;
    public static MicroAstReference Reference => new(Weights.ContentEncoder, Weights.StyleEncoder, Weights.Modulator, Weights.Decoder);

    public static float[] Signals(PlanarImage style)
    {
        using var results = StyleEncoderLazy.Value.Run([NamedOnnxValue.CreateFromTensor(ModelNames.Image, Tensor(style))]);
        return results.Single().AsTensor<float>().ToArray();
    }

    public static PlanarImage Stylize(PlanarImage content, float[] signals)
    {
        using var results = StylizerLazy.Value.Run([
            NamedOnnxValue.CreateFromTensor(ModelNames.Content, Tensor(content)),
            NamedOnnxValue.CreateFromTensor(ModelNames.Signals, new DenseTensor<float>(signals, [1, MicroAstSignals.Length])),
        ]);
        var output = results.Single().AsTensor<float>();
        Assert.That(output.Dimensions.ToArray(), Is.EqualTo(new[] { 1, 3, content.Height, content.Width }), "output size");
        return new PlanarImage(content.Width, content.Height, output.ToArray());
    }

    /// <summary>Stylizes with a model built in memory with these rewrite options.</summary>
    public static PlanarImage Stylize(MicroAstBuildOptions options, PlanarImage content, float[] signals)
    {
        using var session = new InferenceSession(LiveStyle.Core.Onnx.OnnxWriter.Serialize(MicroAstModelBuilder.Build(MicroAstModel.Stylizer, Weights, options)));
        using var results = session.Run([
            NamedOnnxValue.CreateFromTensor(ModelNames.Content, Tensor(content)),
            NamedOnnxValue.CreateFromTensor(ModelNames.Signals, new DenseTensor<float>(signals, [1, MicroAstSignals.Length])),
        ]);
        return new PlanarImage(content.Width, content.Height, results.Single().AsTensor<float>().ToArray());
    }

    public static PlanarImage Image(string folder, string name, int width, int height)
    {
        using var bgr = Cv2.ImRead(Path.Combine(folder, name));
        using var sized = ImageResize.Resize(bgr, width, height);
        return ImageConversion.ToPlanar(sized);
    }

    public static FeatureMap Map(PlanarImage image) => new(3, image.Height, image.Width, image.Data);

    private static DenseTensor<float> Tensor(PlanarImage image) => new(image.Data, [1, 3, image.Height, image.Width]);
}
