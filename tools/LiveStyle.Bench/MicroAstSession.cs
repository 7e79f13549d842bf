using LiveStyle.Core.Models;
using LiveStyle.Core.Networks.MicroAst;
using Microsoft.ML.OnnxRuntime;

namespace LiveStyle.Bench;

/// <summary>One fast-stylizer session with its content, signals and output bound once (as the live pipeline runs it).</summary>
public sealed class MicroAstSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly OrtIoBinding _binding;
    private readonly RunOptions _runOptions = new();
    private readonly OrtValue[] _values;
    public float[] Output { get; }

    public MicroAstSession(byte[] model, SessionOptions options, int width, int height, float[] content, float[] signals)
    {
        _session = new InferenceSession(model, options);
        Output = new float[3 * width * height];
        _values =
        [
            OrtValue.CreateTensorValueFromMemory(content, [1, 3, height, width]),
            OrtValue.CreateTensorValueFromMemory(signals, [1, MicroAstSignals.Length]),
            OrtValue.CreateTensorValueFromMemory(Output, [1, 3, height, width]),
        ];
        _binding = _session.CreateIoBinding();
        _binding.BindInput(ModelNames.Content, _values[0]);
        _binding.BindInput(ModelNames.Signals, _values[1]);
        _binding.BindOutput(ModelNames.Image, _values[2]);
    }

    public void Run() => _session.RunWithBinding(_runOptions, _binding);

    /// <summary>Ends ONNX Runtime's profiling (when the options enabled it) and returns the JSON file.</summary>
    public string EndProfiling() => _session.EndProfiling();

    public void Dispose()
    {
        _binding.Dispose();
        foreach (var v in _values) v.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }
}
