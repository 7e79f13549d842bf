using LiveStyle.Core.Imaging;
using LiveStyle.Core.Inference;
using LiveStyle.Core.Models;
using Microsoft.ML.OnnxRuntime;

namespace LiveStyle.Core.Quantization;

/// <summary>One encoder layer's features of one image, [Channels, H·W].</summary>
public sealed record LayerFeatures(string Layer, int Channels, float[] Data)
{
    public (float[] Mean, float[] Std) Statistics() => FeatureStatistics.Compute(Data, Channels);
}

/// <summary>Runs a loss encoder model (VGG-19 to relu4_1, with the outputs of <see cref="ModelNames.LossLayers"/>): an image → relu1_1, relu2_1, relu3_1, relu4_1.</summary>
public sealed class LossEncoder(byte[] model) : IDisposable
{
    private readonly InferenceSession _session = SessionFactory.OpenCpu(model);
    private readonly string[] _outputs = ModelNames.LossLayers.Select(l => l.Output).ToArray();

    public IReadOnlyList<LayerFeatures> Encode(PlanarImage image)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(image.Data, image.TensorShape);
        using var runOptions = new RunOptions();
        using var results = _session.Run(runOptions, [ModelNames.Image], [input], _outputs);
        return results.Select((value, i) => new LayerFeatures(_outputs[i], (int)value.GetTensorTypeAndShape().Shape[1],
            value.GetTensorDataAsSpan<float>().ToArray())).ToArray();
    }

    public void Dispose() => _session.Dispose();
}
