using LiveStyle.Core.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace LiveStyle.Bench;

/// <summary>
/// The machine's dense float32 ceiling as ONNX Runtime reaches it: one large square MatMul
/// (MLAS, the same kernels and thread pool as the stylizer's convolutions).
/// </summary>
public static class GemmCeiling
{
    public static (Measurement Time, double GflopPerSecond) Measure(int n, int runs)
    {
        var g = new GraphBuilder();
        var a = g.Input("a", OnnxDataType.Float, OnnxDim.Fixed(n), OnnxDim.Fixed(n));
        var b = g.Input("b", OnnxDataType.Float, OnnxDim.Fixed(n), OnnxDim.Fixed(n));
        g.Output(g.Node("MatMul", [a, b]), "c", OnnxDataType.Float, OnnxDim.Fixed(n), OnnxDim.Fixed(n));
        var model = new OnnxModel(g.Build("gemm"), 17, "LiveStyle.Bench", "1", new Dictionary<string, string>());

        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL };
        using var session = new InferenceSession(OnnxWriter.Serialize(model), options);
        var random = new Random(1);
        var left = Enumerable.Range(0, n * n).Select(_ => (float)random.NextDouble()).ToArray();
        var right = Enumerable.Range(0, n * n).Select(_ => (float)random.NextDouble()).ToArray();
        var result = new float[n * n];
        using var va = OrtValue.CreateTensorValueFromMemory(left, [n, n]);
        using var vb = OrtValue.CreateTensorValueFromMemory(right, [n, n]);
        using var vc = OrtValue.CreateTensorValueFromMemory(result, [n, n]);
        using var binding = session.CreateIoBinding();
        binding.BindInput("a", va);
        binding.BindInput("b", vb);
        binding.BindOutput("c", vc);
        using var runOptions = new RunOptions();
        var time = Measurement.Time(() => session.RunWithBinding(runOptions, binding), warmup: 2, runs);
        return (time, time.PerSecond(2.0 * n * n * n) / 1e9);
    }
}
