using LiveStyle.Core.Imaging;
using LiveStyle.Core.Inference;
using LiveStyle.Core.Models;
using LiveStyle.Core.Networks.MicroAst;
using LiveStyle.Core.Networks.MicroAst.Cpu;
using LiveStyle.Core.Quantization;
using LiveStyle.Core.Styling;

namespace LiveStyle.Bench;

/// <summary>
/// --fast-ends [--sizes WxH,…] [--profile DIR]: the fast network as the app runs it (MicroAstStyleNetwork, bound buffers), whole in ONNX
/// Runtime vs with its full-resolution layers in the CPU kernels, fp32 and int8, interleaved run by run;
/// with the kernels, the time of the head, the ONNX core and the tail.
/// </summary>
public static class MicroAstEndsBench
{
    public static int Run(ModelStore store, int width, int height, int runs, string? profileFolder = null)
    {
        if (profileFolder is not null) ProfileCore(store, width, height, profileFolder);
        var log = new List<string>();
        var variants = new List<(string Name, MicroAstStyleNetwork Network)>();
        // The AVX2 kernels on an AVX-512 machine: the kernel choice made from the CPU's sets less AVX-512 (ONNX Runtime keeps its own dispatch).
        var cpu = CpuFeatures.Current;
        var paths = new List<(string Name, bool Ends, CpuFeatures Cpu)> { ("whole in ONNX Runtime", false, cpu) };
        if (cpu.Avx512F) paths.Add(("AVX-512 CPU ends + ONNX core", true, cpu));
        if (cpu.Avx2 && cpu.Fma) paths.Add(("AVX2 CPU ends + ONNX core", true, cpu with { Avx512F = false }));
        foreach (var precision in new[] { Precision.Fp32, Precision.Int8 })
            foreach (var (name, ends, features) in paths)
                variants.Add(($"{precision.ToString().ToLowerInvariant()} {name}",
                    MicroAstStyleNetwork.Open(store, precision, ExecutionDevice.Cpu, new CalibrationOptions(), log.Add, ends, features)));
        try
        {
            var content = MicroAstBenchInputs.Content(width, height);
            var signals = new StyleSignals(MicroAstBenchInputs.Signals(store, Path.Combine(LiveStyle.Core.LiveStyleHome.Root, "models", "styles", "ocean_waves.png")));
            var stylizers = variants.Select(v => (MicroAstFrameStylizer)v.Network.CreateFrameStylizer(width, height)).ToList();
            foreach (var s in stylizers) content.CopyTo(s.Content.Data, 0);
            var times = variants.Select(_ => new List<double>()).ToList();
            var stages = variants.Select(_ => new List<(double, double, double)>()).ToList();
            for (var r = -3; r < runs; r++)
                for (var i = 0; i < variants.Count; i++)
                {
                    var m = Measurement.Time(() => stylizers[i].Run(signals, 1f), 0, 1);
                    if (r < 0) continue;
                    times[i].Add(m.Median);
                    stages[i].Add(stylizers[i].LastStages);
                }

            var table = new MarkdownTable($"Fast stylizer at {width}x{height}: whole graph vs CPU ends (interleaved, {runs} runs, medians)",
                "variant", "precision used", "median ms", "min ms", "FPS", "head ms", "ONNX ms", "tail ms", "max |diff| vs fp32 whole");
            var reference = stylizers[0].Output.Data;
            for (var i = 0; i < variants.Count; i++)
            {
                var m = Measurement.Of(times[i]);
                var diff = 0f;
                for (var k = 0; k < reference.Length; k++) diff = Math.Max(diff, Math.Abs(stylizers[i].Output.Data[k] - reference[k]));
                table.Add(variants[i].Name, variants[i].Network.Precision, m.Median, m.Min, 1000 / m.Median,
                    Measurement.Of(stages[i].Select(s => s.Item1)).Median, Measurement.Of(stages[i].Select(s => s.Item2)).Median,
                    Measurement.Of(stages[i].Select(s => s.Item3)).Median, diff.ToString("E1", System.Globalization.CultureInfo.InvariantCulture));
            }
            Console.Write(table.Render());
            Console.WriteLine("ONNX Runtime picks its own instructions (AVX-512 / VNNI where the CPU has them) in every row; only LiveStyle's kernels differ between the AVX-512 and AVX2 rows.");
            foreach (var s in stylizers) s.Dispose();
        }
        finally
        {
            foreach (var (_, network) in variants) network.Dispose();
        }
        return 0;
    }

    /// <summary>ONNX Runtime's profile of the int8 core (what runs between the CPU head and tail), by node.</summary>
    private static void ProfileCore(ModelStore store, int width, int height, string folder)
    {
        var model = MicroAstStylizerModel.Locate(store, Precision.Int8, ExecutionDevice.Cpu, new CalibrationOptions(), Console.Error.WriteLine);
        var core = LiveStyle.Core.Onnx.OnnxWriter.Serialize(MicroAstModelBuilder.Build(MicroAstModel.Stylizer, store.Weights(MicroAstModels.Family),
            MicroAstBuildOptions.Default with { CpuEnds = true }, model.Ranges?.Plan));
        using var options = SessionFactory.BaseOptions();
        // The prefix first: setting EnableProfiling passes the prefix it has then to ONNX Runtime.
        options.ProfileOutputPathPrefix = Path.Combine(folder, "fast-core");
        options.EnableProfiling = true;
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(core, options);
        // The core's input: 64 channels at a quarter of the frame's size (rounded up to a multiple of 4).
        int w4 = (width + 3) / 4, h4 = (height + 3) / 4;
        var head = new float[MicroAstArchitecture.FeatureChannels * w4 * h4];
        for (var i = 0; i < head.Length; i++) head[i] = (i % 97) / 97f;
        var signals = MicroAstBenchInputs.Signals(store, Path.Combine(LiveStyle.Core.LiveStyleHome.Root, "models", "styles", "ocean_waves.png"));
        for (var r = 0; r < 6; r++)
        {
            using var results = session.Run([
                Microsoft.ML.OnnxRuntime.NamedOnnxValue.CreateFromTensor(ModelNames.Head, new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>(head, [1, MicroAstArchitecture.FeatureChannels, h4, w4])),
                Microsoft.ML.OnnxRuntime.NamedOnnxValue.CreateFromTensor(ModelNames.Signals, new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>(signals, [1, MicroAstSignals.Length])),
            ]);
        }
        var file = session.EndProfiling();
        Console.Error.WriteLine($"profile of the int8 core ({file}), ms per run by op (6 runs incl. warm-up):");
        foreach (var (op, ms, nodes) in OrtProfileSummary.ByOpType(file, 6)) Console.Error.WriteLine($"  {op,-28} {ms,8:F2} ms  ({nodes} nodes)");
    }
}
