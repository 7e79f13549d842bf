using LiveStyle.Core.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace LiveStyle.Bench;

/// <summary>
/// Dense float32 throughput as ONNX Runtime reaches it: an M×K by K×N MatMul (MLAS, the same
/// kernels and thread pool as the stylizer's convolutions). Not the machine's limit (see
/// <see cref="MachineLimit"/>): one shape's GEMM can be beaten by another's, or by a conv.
/// </summary>
public static class GemmCeiling
{
    public static (Measurement Time, double GflopPerSecond) Measure(int n, int runs) => Measure(n, n, n, runs);

    public static (Measurement Time, double GflopPerSecond) Measure(int m, int k, int n, int runs)
    {
        var g = new GraphBuilder();
        var a = g.Input("a", OnnxDataType.Float, OnnxDim.Fixed(m), OnnxDim.Fixed(k));
        var b = g.Input("b", OnnxDataType.Float, OnnxDim.Fixed(k), OnnxDim.Fixed(n));
        g.Output(g.Node("MatMul", [a, b]), "c", OnnxDataType.Float, OnnxDim.Fixed(m), OnnxDim.Fixed(n));
        var model = new OnnxModel(g.Build("gemm"), 17, "LiveStyle.Bench", "1", new Dictionary<string, string>());

        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        using var session = new InferenceSession(OnnxWriter.Serialize(model), options);
        var random = new Random(1);
        var left = Enumerable.Range(0, m * k).Select(_ => (float)random.NextDouble()).ToArray();
        var right = Enumerable.Range(0, k * n).Select(_ => (float)random.NextDouble()).ToArray();
        var result = new float[m * n];
        using var va = OrtValue.CreateTensorValueFromMemory(left, [m, k]);
        using var vb = OrtValue.CreateTensorValueFromMemory(right, [k, n]);
        using var vc = OrtValue.CreateTensorValueFromMemory(result, [m, n]);
        using var binding = session.CreateIoBinding();
        binding.BindInput("a", va);
        binding.BindInput("b", vb);
        binding.BindOutput("c", vc);
        using var runOptions = new RunOptions();
        var time = Measurement.Time(() => session.RunWithBinding(runOptions, binding), warmup: 2, runs);
        return (time, time.PerSecond(2.0 * m * k * n) / 1e9);
    }
}
