using System.Globalization;
using LiveStyle.Core.Networks.AdaIn;
using LiveStyle.Core;
using LiveStyle.Core.Imaging;
using LiveStyle.Core.Inference;
using LiveStyle.Core.Quantization;
using LiveStyle.Core.Models;
using LiveStyle.Core.Networks.MicroAst;
using Microsoft.ML.OnnxRuntime;

namespace LiveStyle.Bench;

/// <summary>The fast network's benchmark modes.</summary>
public static class MicroAstBenchCommands
{
    /// <summary>--fast-variants [--size WxH] [--profile DIR]: each graph rewrite and session setting, interleaved.</summary>
    public static int Variants(string[] args, string? weights, int runs)
    {
        string Option(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        var size = Option("--size", "640x360").Split('x');
        var (width, height) = (int.Parse(size[0], CultureInfo.InvariantCulture), int.Parse(size[1], CultureInfo.InvariantCulture));
        var profile = args.Contains("--profile") ? Option("--profile", ".") : null;
        var store = ModelStore.Locate(weights);
        var signals = MicroAstBenchInputs.Signals(store, Path.Combine(LiveStyleHome.Root, "models", "styles", "ocean_waves.png"));
        var content = MicroAstBenchInputs.Content(width, height);
        var only = Option("--variants", "");
        var variants = AllVariants().Where(v => only.Length == 0 || only.Split(',').Contains(v.Name)).ToList();
        var table = MicroAstVariantsBench.Run(store.Weights(MicroAstModels.Family), variants, width, height, content, signals, runs, profile);
        Console.Write(table.Render());
        if (profile is not null && MicroAstStylizerModel.Locate(store, Precision.Int8, ExecutionDevice.Cpu, new CalibrationOptions(), Console.Error.WriteLine) is { Precision: Precision.Int8 } int8)
        {
            using var options = MicroAstVariantsBench.DefaultSession();
            options.EnableProfiling = true;
            options.ProfileOutputPathPrefix = Path.Combine(profile, "fast-int8");
            using var session = new MicroAstSession(File.ReadAllBytes(int8.Path), options, width, height, content, signals);
            for (var r = 0; r < 6; r++) session.Run();
            var file = session.EndProfiling();
            Console.Error.WriteLine($"profile of the int8 fast stylizer ({file}), ms per run by op (6 runs incl. warm-up):");
            foreach (var (op, ms, nodes) in OrtProfileSummary.ByOpType(file, 6)) Console.Error.WriteLine($"  {op,-28} {ms,8:F2} ms  ({nodes} nodes)");
        }
        return 0;
    }

    /// <summary>--fast-int8-variants [--size WxH] [--variants a,b]: see <see cref="MicroAstInt8VariantsBench"/>.</summary>
    public static int Int8Variants(string[] args, string? weights, int runs)
    {
        string Option(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        var size = Option("--size", "640x360").Split('x');
        return MicroAstInt8VariantsBench.Run(ModelStore.Locate(weights), int.Parse(size[0], CultureInfo.InvariantCulture), int.Parse(size[1], CultureInfo.InvariantCulture),
            runs, Option("--variants", ""));
    }

    /// <summary>
    /// --fast [--quick]: the machine's limit, then the fast stylizer at 480x270, 640x360 and 1280x720 in fp32
    /// and int8 (ONNX Runtime) beside TorchSharp eager on the same network and weights, interleaved run by run.
    /// </summary>
    public static int Network(string? weights, int runs, bool quick, string outFile)
    {
        var report = new System.Text.StringBuilder();
        void Emit(string text) { Console.Write(text); report.Append(text); }
        Emit($"## LiveStyle benchmark: the fast network (MicroAST){(quick ? " (quick)" : "")}\n\n");
        Emit($"- runs: {runs} per size after warm-up, medians; engines interleaved run by run; libtorch with OMP_WAIT_POLICY=passive\n\n");
        var (limitTable, limit) = MachineLimit.Measure(runs, quick);
        Emit(limitTable.Render());

        var store = ModelStore.Locate(weights);
        var signals = MicroAstBenchInputs.Signals(store, Path.Combine(LiveStyleHome.Root, "models", "styles", "ocean_waves.png"));
        var int8 = MicroAstStylizerModel.Locate(store, Precision.Int8, ExecutionDevice.Cpu, new CalibrationOptions(), m => Console.Error.WriteLine($"  {m}"));
        var fp32Model = File.ReadAllBytes(store.GetOrBuild(MicroAstModel.Stylizer));
        var int8Model = int8.Precision == Precision.Int8 ? File.ReadAllBytes(int8.Path) : null;
        var table = new MarkdownTable("Fast stylizer (MicroAST), CPU: ONNX Runtime fp32 and int8 beside TorchSharp eager",
            "size", "GFLOP (conv)", "fp32 ms", "fp32 FPS", "fp32 % of FMA peak", "int8 ms", "int8 FPS", "TorchSharp ms", "TorchSharp / fp32", "TorchSharp / int8");
        table.Note($"int8: {Path.GetFileName(int8.Path)}, {int8.Description}");
        table.Note("ONNX Runtime: all graph optimizations, all cores, no spinning (the app's session settings), inputs and output bound once; TorchSharp: MicroAstNetwork.Stylize under inference_mode");
        (int W, int H)[] sizes = quick ? [(640, 360)] : [(480, 270), (640, 360), (1280, 720)];
        foreach (var (w, h) in sizes)
        {
            var content = MicroAstBenchInputs.Content(w, h);
            using var options = MicroAstVariantsBench.DefaultSession();
            using var fp32 = new MicroAstSession(fp32Model, options, w, h, content, signals);
            using var quantized = int8Model is null ? null : new MicroAstSession(int8Model, options, w, h, content, signals);
            MicroAstTorchSharpStylizer? torchNet = null;
            var torchError = "";
            try { torchNet = new MicroAstTorchSharpStylizer(store, w, h, content, signals); torchNet.Run(); }
            catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or System.Runtime.InteropServices.ExternalException)
            { torchError = e.Message.Split('\n')[0]; torchNet?.Dispose(); torchNet = null; }
            fp32.Run(); quantized?.Run();
            var (a, b, c) = (new List<double>(), new List<double>(), new List<double>());
            for (var r = 0; r < runs; r++)
            {
                a.Add(Measurement.Time(fp32.Run, 0, 1).Median);
                if (quantized is not null) b.Add(Measurement.Time(quantized.Run, 0, 1).Median);
                if (torchNet is not null) c.Add(Measurement.Time(torchNet.Run, 0, 1).Median);
            }
            torchNet?.Dispose();
            var flops = MicroAstFlops.Convolution(w, h);
            var f = Measurement.Of(a);
            var q = b.Count > 0 ? Measurement.Of(b) : null;
            var t = c.Count > 0 ? Measurement.Of(c) : null;
            string Cell(double? v, string format) => v is { } x ? x.ToString(format, CultureInfo.InvariantCulture) : "n/a";
            table.Add($"{w}x{h}", flops / 1e9, f.Median, 1000 / f.Median, 100 * f.PerSecond(flops) / 1e9 / limit,
                Cell(q?.Median, "F1"), Cell(q is null ? null : 1000 / q.Median, "F1"),
                t is null ? $"failed: {torchError}" : Cell(t.Median, "F1"), Cell(t is null ? null : t.Median / f.Median, "F2") + (t is null ? "" : "x"),
                Cell(t is null || q is null ? null : t.Median / q.Median, "F2") + (t is null || q is null ? "" : "x"));
            Console.Error.WriteLine($"  measured {w}x{h}");
        }
        Emit(table.Render());
        File.WriteAllText(outFile, report.ToString());
        Console.WriteLine($"report written to {Path.GetFullPath(outFile)}");
        return 0;
    }

    /// <summary>--fast-pictures DIR: every shared content photo × style image, AdaIN and the fast network side by side (content | AdaIN | fast), 512 px wide each.</summary>
    public static int Pictures(string directory, string? weights)
    {
        var store = ModelStore.Locate(weights);
        var shared = Path.Combine(LiveStyleHome.Root, "..", "shared", "images");
        using var adain = new AdaInStylizer(store.GetOrBuild(AdaInModel.Stylizer), ExecutionDevice.Cpu);
        using var adainStyles = new AdaInStyleEncoder(store.GetOrBuild(AdaInModel.StyleEncoder), ExecutionDevice.Cpu);
        using var fast = new Microsoft.ML.OnnxRuntime.InferenceSession(store.GetOrBuild(MicroAstModel.Stylizer));
        Directory.CreateDirectory(directory);
        foreach (var stylePath in Directory.GetFiles(Path.Combine(shared, "style")).Order())
        {
            using var styleBgr = ImageFile.ReadBgr(stylePath, "style image");
            using var styleSized = ImageResize.ShorterSideTo(styleBgr, 512);
            var adainStatistics = adainStyles.Encode(ImageConversion.ToPlanar(styleSized));
            var signals = MicroAstBenchInputs.Signals(store, stylePath);
            foreach (var contentPath in Directory.GetFiles(Path.Combine(shared, "content")).Order())
            {
                using var bgr = ImageFile.ReadBgr(contentPath, "content image");
                var height = (int)Math.Round(bgr.Height * 512.0 / bgr.Width);
                using var sized = ImageResize.Resize(bgr, 512, height);
                var content = ImageConversion.ToPlanar(sized);
                using var buffers = adain.CreateBuffers(512, height);
                content.Data.CopyTo(buffers.Content.Data, 0);
                adain.Run(buffers, adainStatistics, 1f);
                using var fastResults = fast.Run([
                    Microsoft.ML.OnnxRuntime.NamedOnnxValue.CreateFromTensor(ModelNames.Content, new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>(content.Data, [1, 3, height, 512])),
                    Microsoft.ML.OnnxRuntime.NamedOnnxValue.CreateFromTensor(ModelNames.Signals, new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>(signals, [1, MicroAstSignals.Length])),
                ]);
                using var adainBgr = ImageConversion.ToBgr(buffers.Output);
                using var fastBgr = ImageConversion.ToBgr(new PlanarImage(512, height, fastResults[0].AsTensor<float>().ToArray()));
                using var row = new OpenCvSharp.Mat();
                OpenCvSharp.Cv2.HConcat([sized, adainBgr, fastBgr], row);
                var name = $"{Path.GetFileNameWithoutExtension(contentPath)}__{Path.GetFileNameWithoutExtension(stylePath)}.jpg";
                OpenCvSharp.Cv2.ImWrite(Path.Combine(directory, name), row);
            }
        }
        Console.WriteLine($"pictures written to {Path.GetFullPath(directory)} (content | AdaIN | fast, alpha 1)");
        return 0;
    }

    private static IEnumerable<MicroAstVariantsBench.Variant> AllVariants()
    {
        yield return new("plain", MicroAstBuildOptions.Plain, MicroAstVariantsBench.DefaultSession);
        yield return new("fold", MicroAstBuildOptions.Plain with { FoldModulation = true }, MicroAstVariantsBench.DefaultSession);
        yield return new("out-s2d2", MicroAstBuildOptions.Plain with { OutputSpaceToDepth = 2 }, MicroAstVariantsBench.DefaultSession);
        yield return new("out-s2d4", MicroAstBuildOptions.Plain with { OutputSpaceToDepth = 4 }, MicroAstVariantsBench.DefaultSession);
        yield return new("in-s2d2", MicroAstBuildOptions.Plain with { InputSpaceToDepth = 2 }, MicroAstVariantsBench.DefaultSession);
        yield return new("in-s2d4", MicroAstBuildOptions.Plain with { InputSpaceToDepth = 4 }, MicroAstVariantsBench.DefaultSession);
        yield return new("regroup", MicroAstBuildOptions.Plain with { RegroupConvs = true }, MicroAstVariantsBench.DefaultSession);
        yield return new("default", MicroAstBuildOptions.Default, MicroAstVariantsBench.DefaultSession);
        yield return new("default old-regroup", MicroAstBuildOptions.Default with { RegroupStridedConvs = false }, MicroAstVariantsBench.DefaultSession);
        yield return new("default 1-thread", MicroAstBuildOptions.Default, () => { var o = MicroAstVariantsBench.DefaultSession(); o.IntraOpNumThreads = 1; return o; });
        yield return new("default spinning", MicroAstBuildOptions.Default, () =>
        {
            var o = MicroAstVariantsBench.DefaultSession();
            o.AddSessionConfigEntry("session.intra_op.allow_spinning", "1");
            return o;
        });
        yield return new("default basic-opt", MicroAstBuildOptions.Default, () =>
        {
            var o = MicroAstVariantsBench.DefaultSession();
            o.GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_BASIC;
            return o;
        });
    }
}
