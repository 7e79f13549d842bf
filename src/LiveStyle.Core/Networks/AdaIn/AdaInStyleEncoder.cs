using LiveStyle.Core.Imaging;
using LiveStyle.Core.Inference;
using LiveStyle.Core.Models;
using LiveStyle.Core.Styling;
using Microsoft.ML.OnnxRuntime;

namespace LiveStyle.Core.Networks.AdaIn;

/// <summary>Runs style_encoder.onnx: a style image → its relu4_1 statistics. Used once per style.</summary>
public sealed class AdaInStyleEncoder : IDisposable
{
    private readonly InferenceSession _session;
    public string DeviceName { get; }

    public AdaInStyleEncoder(string modelPath, ExecutionDevice device, Action<string>? log = null)
    {
        (_session, DeviceName) = SessionFactory.Open(modelPath, device, log);
    }

    public StyleStatistics Encode(PlanarImage image)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(image.Data, image.TensorShape);
        using var runOptions = new RunOptions();
        using var outputs = _session.Run(runOptions, [ModelNames.Image], [input], [ModelNames.Mean, ModelNames.Std]);
        return new StyleStatistics(outputs[0].GetTensorDataAsSpan<float>().ToArray(), outputs[1].GetTensorDataAsSpan<float>().ToArray());
    }

    public void Dispose() => _session.Dispose();
}
