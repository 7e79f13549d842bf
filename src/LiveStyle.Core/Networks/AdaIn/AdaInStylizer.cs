using LiveStyle.Core.Inference;
using LiveStyle.Core.Models;
using LiveStyle.Core.Styling;
using Microsoft.ML.OnnxRuntime;

namespace LiveStyle.Core.Networks.AdaIn;

/// <summary>
/// Runs stylizer.onnx: content frame + style statistics + α → stylized frame of the same size.
/// One instance per inference thread; buffers come from <see cref="CreateBuffers"/>.
/// </summary>
public sealed class AdaInStylizer : IDisposable
{
    internal static readonly string[] InputNames = [ModelNames.Content, ModelNames.StyleMean, ModelNames.StyleStd, ModelNames.Alpha];
    internal static readonly string[] OutputNames = [ModelNames.Image];

    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    public string DeviceName { get; }

    public AdaInStylizer(string modelPath, ExecutionDevice device, Action<string>? log = null)
    {
        (_session, DeviceName) = SessionFactory.Open(modelPath, device, log);
    }

    /// <summary>A stylizer on the CPU for a model held in memory (the int8 candidate while its quality is judged).</summary>
    public AdaInStylizer(byte[] model)
    {
        _session = SessionFactory.OpenCpu(model);
        DeviceName = SessionFactory.CpuDeviceName;
    }

    public AdaInStylizerBuffers CreateBuffers(int width, int height) => new(_session, width, height);

    /// <summary>Stylizes buffers.Content into buffers.Output. α = 0 reconstructs the content, 1 is full style.</summary>
    public void Run(AdaInStylizerBuffers buffers, StyleStatistics style, float alpha) => Run(buffers, style.Mean, style.Std, alpha);

    /// <summary>The same with the statistics as spans (AdaIN's style signals are mean then std).</summary>
    public void Run(AdaInStylizerBuffers buffers, ReadOnlySpan<float> styleMean, ReadOnlySpan<float> styleStd, float alpha)
    {
        if (!(alpha >= 0f && alpha <= 1f))
            throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "alpha must lie in [0, 1]");
        buffers.SetStyle(styleMean, styleStd, alpha);
        _session.RunWithBinding(_runOptions, buffers.Binding);
    }

    public void Dispose()
    {
        _runOptions.Dispose();
        _session.Dispose();
    }
}
