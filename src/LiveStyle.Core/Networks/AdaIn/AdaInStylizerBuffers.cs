using LiveStyle.Core.Imaging;
using LiveStyle.Core.Styling;
using Microsoft.ML.OnnxRuntime;

namespace LiveStyle.Core.Networks.AdaIn;

/// <summary>
/// The input and output tensors of one stylizer resolution, allocated once and reused for every
/// frame of that size: fill <see cref="Content"/>, run, read <see cref="Output"/>.
/// The OrtValues wrap the managed arrays (pinned), so a run copies nothing in or out.
/// </summary>
public sealed class AdaInStylizerBuffers : IDisposable
{
    public int Width { get; }
    public int Height { get; }
    public PlanarImage Content { get; }
    public PlanarImage Output { get; }
    private readonly float[] _styleMean = new float[StyleStatistics.Channels];
    private readonly float[] _styleStd = new float[StyleStatistics.Channels];
    private readonly float[] _alpha = new float[1];

    internal OrtValue[] Inputs { get; }
    internal OrtValue[] Outputs { get; }
    /// <summary>Inputs and outputs bound once, so a run passes no per-call arrays (no managed allocations).</summary>
    internal OrtIoBinding Binding { get; }

    public AdaInStylizerBuffers(InferenceSession session, int width, int height)
    {
        if (width < 16 || height < 16)
            throw new LiveStyleException($"the stylizer needs images of at least 16×16 pixels, got {width}×{height}");
        Width = width;
        Height = height;
        Content = new PlanarImage(width, height);
        Output = new PlanarImage(width, height);
        long[] statsShape = [1, StyleStatistics.Channels];
        Inputs =
        [
            OrtValue.CreateTensorValueFromMemory(Content.Data, Content.TensorShape),
            OrtValue.CreateTensorValueFromMemory(_styleMean, statsShape),
            OrtValue.CreateTensorValueFromMemory(_styleStd, statsShape),
            OrtValue.CreateTensorValueFromMemory(_alpha, [1]),
        ];
        Outputs = [OrtValue.CreateTensorValueFromMemory(Output.Data, Output.TensorShape)];
        Binding = session.CreateIoBinding();
        for (var i = 0; i < Inputs.Length; i++) Binding.BindInput(AdaInStylizer.InputNames[i], Inputs[i]);
        Binding.BindOutput(AdaInStylizer.OutputNames[0], Outputs[0]);
    }

    internal void SetStyle(ReadOnlySpan<float> styleMean, ReadOnlySpan<float> styleStd, float alpha)
    {
        styleMean.CopyTo(_styleMean);
        styleStd.CopyTo(_styleStd);
        _alpha[0] = alpha;
    }

    public void Dispose()
    {
        Binding.Dispose();
        foreach (var value in Inputs) value.Dispose();
        foreach (var value in Outputs) value.Dispose();
    }
}
