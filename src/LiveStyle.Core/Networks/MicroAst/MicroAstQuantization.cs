using System.Diagnostics;
using LiveStyle.Core.Imaging;
using LiveStyle.Core.Inference;
using LiveStyle.Core.Models;
using LiveStyle.Core.Networks.AdaIn;
using LiveStyle.Core.Onnx;
using LiveStyle.Core.Quantization;
using Microsoft.ML.OnnxRuntime;

namespace LiveStyle.Core.Networks.MicroAst;

/// <summary>
/// The fast stylizer's int8 build, on the AdaIN int8 path's machinery (calibration set,
/// activation histograms and ranges, per-channel int8 weights, the quality gate and its report):
/// calibrate the float fast stylizer on calibration contents × calibration styles' signals,
/// quantize most 64-channel residual convs (<see cref="QuantizedConvs"/>), judge int8 against fp32 on
/// the held-out contents × every style (PSNR, and the AdaIN paper's content and style losses from
/// the VGG loss encoder). Cached beside the float model, keyed by the MicroAST weights, the
/// calibration set and the settings; the gate's report is saved either way.
/// </summary>
public static class MicroAstQuantization
{
    /// <summary>Bump when calibration or quantization changes, so cached int8 models are rebuilt.</summary>
    public const int Version = 3;
    public const string FileStem = "fast_stylizer-int8";
    public static readonly Int8RangesKey RangesKey = new(FileStem, Version);

    /// <summary>
    /// The convs that run in int8: the 3×3 64→64 convs of both encoder residual blocks and of the
    /// decoder's level-0 block (half the FLOPs). Measured on the shared images (held-out pairs vs
    /// fp32): these six 38.6 dB mean / 34.0 dB worst; the encoder's four alone 42.5 / 36.0; all
    /// eight 24.9 / 22.0 — the level-1 decoder block (right after the first AdaIN, its outputs
    /// scaled by the style's filter weights) does not survive per-tensor uint8, so it stays float.
    /// The last conv (16→3 9×9, in its space-to-depth form the slowest float layer) is int8 too:
    /// its output is the image at exactly 1/255, so quantizing it costs 0.1 dB (38.5 / 34.0). So is
    /// the first (3→16 9×9, its input the 8-bit frame at exactly 1/255): 37.7 / 31.8 dB, and in the
    /// CPU kernels (<see cref="Cpu.QuantizedFirstConv"/>) the head's largest layer runs twice as fast.
    /// </summary>
    public static readonly IReadOnlyList<string> QuantizedConvs =
    [
        .. new[] { MicroAstArchitecture.EncoderLevel0, MicroAstArchitecture.EncoderLevel1, MicroAstArchitecture.DecoderLevel0 }
            .SelectMany(b => new[] { b.Conv1.Key, b.Conv2.Key }),
        MicroAstArchitecture.DecoderTail[^1].Key,
        MicroAstArchitecture.EncoderStem[0].Key,
    ];

    /// <summary>AdaIN's int8 settings (sizes, ranges, headroom, gate) with MicroAST's float convs and no channel equalization.</summary>
    public static QuantizationSettings DefaultSettings { get; } = QuantizationSettings.Default with
    {
        FloatLayers = [.. AllConvs.Where(k => !QuantizedConvs.Contains(k))],
        EqualizationStrength = 0,
    };

    /// <summary>Every conv of the fast stylizer (encoder and decoder) by key.</summary>
    public static IEnumerable<string> AllConvs => MicroAstArchitecture.EncoderConvs.Concat(MicroAstArchitecture.DecoderConvs).Select(c => c.Key);

    /// <summary>The convs a build with these settings runs in int8: every conv not in <see cref="QuantizationSettings.FloatLayers"/>.</summary>
    public static IReadOnlyList<string> QuantizedBy(QuantizationSettings settings) => [.. AllConvs.Where(k => !settings.FloatLayers.Contains(k))];

    public static string ModelPath(ModelStore store, CalibrationSet calibration, QuantizationSettings settings) =>
        store.PathFor(MicroAstModels.Family, FileStem, VariantKey(calibration, settings), ".onnx");

    public static string ReportPath(ModelStore store, CalibrationSet calibration, QuantizationSettings settings) =>
        store.PathFor(MicroAstModels.Family, FileStem, VariantKey(calibration, settings), ".gate.json");

    /// <summary>The calibration's outcome beside the model (what `livestyle int8-ranges` ships).</summary>
    public static string RangesPath(ModelStore store, CalibrationSet calibration, QuantizationSettings settings) =>
        store.PathFor(MicroAstModels.Family, FileStem, VariantKey(calibration.Hash, settings), ".ranges.json");

    private static string VariantKey(CalibrationSet calibration, QuantizationSettings settings) => VariantKey(calibration.Hash, settings);

    private static string VariantKey(string calibrationHash, QuantizationSettings settings) =>
        $"int8-v{Version}/{calibrationHash}/{settings.Key}";

    public static Int8StylizerResult GetOrBuild(ModelStore store, CalibrationSet calibration, QuantizationSettings? settings = null, Action<string>? log = null)
    {
        var chosen = settings ?? DefaultSettings;
        return new Int8Cache(ModelPath(store, calibration, chosen), ReportPath(store, calibration, chosen), RangesPath(store, calibration, chosen))
            .GetOrBuild(store, () => BuildWithRanges(store, calibration, chosen, log));
    }

    /// <summary>
    /// The int8 fast stylizer from shipped calibration ranges, for a machine without the calibration
    /// images: the same model the calibration built (same key), without running it; the gate's
    /// figures are the ones measured when the ranges were made.
    /// </summary>
    public static Int8StylizerResult FromRanges(ModelStore store, Int8Ranges ranges, QuantizationSettings? settings = null)
    {
        settings ??= DefaultSettings;
        if (!ranges.Fits(RangesKey, store.WeightsHash(MicroAstModels.Family), settings))
            throw new LiveStyleException("the shipped fast int8 calibration ranges were made for other weights or settings");
        var key = VariantKey(ranges.CalibrationSha256, settings);
        return ranges.Materialize(store, store.PathFor(MicroAstModels.Family, FileStem, key, ".onnx"), store.PathFor(MicroAstModels.Family, FileStem, key, ".gate.json"),
            () => Quantize(store, ranges.Plan, ranges.CalibrationSha256, settings));
    }

    public static (byte[] Model, QualityReport Report) Build(ModelStore store, CalibrationSet calibration, QuantizationSettings settings, Action<string>? log = null)
    {
        var (model, report, _) = BuildWithRanges(store, calibration, settings, log);
        return (model, report);
    }

    /// <summary>As <see cref="Build"/>, with the calibration's outcome as <see cref="Int8Ranges"/>.</summary>
    public static (byte[] Model, QualityReport Report, Int8Ranges Ranges) BuildWithRanges(ModelStore store, CalibrationSet calibration, QuantizationSettings settings,
        Action<string>? log = null)
    {
        // The gate measures content and style losses with AdaIN's VGG encoder: without its weights there is no verdict to calibrate for.
        try { _ = store.Weights(AdaInModels.Family); }
        catch (LiveStyleException e) { throw new LiveStyleException($"the fast int8 stylizer's quality gate needs AdaIN's VGG encoder: {e.Message}", e); }
        var clock = Stopwatch.StartNew();
        var weights = store.Weights(MicroAstModels.Family);
        using var styleEncoder = new InferenceSession(store.GetOrBuild(MicroAstModel.StyleEncoder, log));
        var signals = calibration.Styles.ToDictionary(p => p, p => Signals(styleEncoder, CalibrationImages.Style(p, settings.StyleSize)));
        var contents = calibration.CalibrationContents.Select(p => CalibrationImages.Content(p, settings.ContentSize)).ToArray();
        var styles = calibration.CalibrationStyles.Select(p => signals[p]).ToArray();
        log?.Invoke($"calibrating the fast int8 stylizer: {contents.Length} content × {styles.Length} style images at {settings.ContentSize} px");

        var quantized = QuantizedBy(settings);
        string[] labels = [.. quantized.SelectMany(k => new[] { $"{k}.in", $"{k}.out" })];
        var histograms = Histograms(OnnxWriter.Serialize(MicroAstModelBuilder.Build(MicroAstModel.Stylizer, weights, taps: labels)), labels, contents, styles);
        var calibrated = settings.Plan(histograms);
        // The first conv reads the 8-bit frame in [0,1], and the last makes the image, which is clamped to [0,1] and shown in
        // 8 bits: where they run in int8, quantization at 1/255 is exact.
        var activations = new Dictionary<string, ActivationQuantization>(calibrated.Activations.Where(a => labels.Contains(a.Key)));
        foreach (var exact in new[] { $"{MicroAstArchitecture.EncoderStem[0].Key}.in", $"{MicroAstArchitecture.DecoderTail[^1].Key}.out" })
            if (activations.ContainsKey(exact)) activations[exact] = new ActivationQuantization(1f / 255, 0);
        var plan = calibrated with { Activations = activations };
        var model = Quantize(store, plan, calibration.Hash, settings);

        log?.Invoke($"judging the fast int8 stylizer on {calibration.HeldOutContents.Count} held-out content × {calibration.Styles.Count} style images");
        var report = Judge(store, model, calibration, settings, signals);
        log?.Invoke($"fast int8 stylizer built in {clock.Elapsed.TotalSeconds:F0} s; {report.Summary()}");
        return (model, report, Int8Ranges.From(RangesKey, plan, null, store.WeightsHash(MicroAstModels.Family), calibration.Hash, settings, report));
    }

    /// <summary>The int8 fast stylizer for a quantization plan, serialized, with its provenance in the metadata.</summary>
    private static byte[] Quantize(ModelStore store, StylizerQuantization plan, string calibrationHash, QuantizationSettings settings) =>
        OnnxWriter.Serialize(MicroAstModelBuilder.Build(MicroAstModel.Stylizer, store.Weights(MicroAstModels.Family), quantization: plan, extraMetadata: new Dictionary<string, string>
        {
            ["livestyle.calibration_sha256"] = calibrationHash,
            ["livestyle.quantization"] = settings.Key,
        }));

    private static IReadOnlyDictionary<string, ActivationHistogram> Histograms(byte[] calibrationModel, string[] labels, IReadOnlyList<PlanarImage> contents, IReadOnlyList<float[]> styles)
    {
        var histograms = labels.ToDictionary(l => l, _ => new ActivationHistogram());
        using var session = SessionFactory.OpenCpu(calibrationModel);
        var outputs = labels.Select(ModelNames.ActivationOutput).ToArray();
        foreach (var content in contents)
        {
            foreach (var style in styles)
            {
                using var results = session.Run(Inputs(content, style), outputs);
                for (var i = 0; i < labels.Length; i++) histograms[labels[i]].Add(results[i].AsTensor<float>().ToArray());
            }
        }
        return histograms;
    }

    private static QualityReport Judge(ModelStore store, byte[] model, CalibrationSet calibration, QuantizationSettings settings, IReadOnlyDictionary<string, float[]> signals)
    {
        using var fp32 = SessionFactory.OpenCpu(File.ReadAllBytes(store.GetOrBuild(MicroAstModel.Stylizer)));
        using var int8 = SessionFactory.OpenCpu(model);
        using var lossEncoder = new LossEncoder(AdaInInt8Stylizer.Serialize(store, AdaInModel.LossEncoder));
        var styleLayers = calibration.Styles.ToDictionary(p => p, p => lossEncoder.Encode(CalibrationImages.Style(p, settings.StyleSize)).Select(f => f.Statistics()).ToArray());
        var pairs = new List<PairQuality>();
        foreach (var contentPath in calibration.HeldOutContents)
        {
            var content = CalibrationImages.Content(contentPath, settings.ContentSize);
            var contentRelu41 = lossEncoder.Encode(content)[^1];
            foreach (var stylePath in calibration.Styles)
            {
                var a = Stylize(fp32, content, signals[stylePath]);
                var b = Stylize(int8, content, signals[stylePath]);
                var target = StyleTransferLoss.AdaInTarget(contentRelu41, styleLayers[stylePath][^1]);
                var fa = lossEncoder.Encode(a);
                var fb = lossEncoder.Encode(b);
                pairs.Add(new PairQuality(Path.GetFileNameWithoutExtension(contentPath), Path.GetFileNameWithoutExtension(stylePath),
                    StyleTransferLoss.Psnr(b.Data, a.Data),
                    StyleTransferLoss.Content(fa[^1], target), StyleTransferLoss.Content(fb[^1], target),
                    StyleTransferLoss.Style(fa, styleLayers[stylePath]), StyleTransferLoss.Style(fb, styleLayers[stylePath])));
            }
        }
        var calibrationPairs = calibration.CalibrationContents.Count * calibration.CalibrationStyles.Count;
        return new QualityReport(settings.Key, calibrationPairs, settings.MinMeanPsnr, settings.MinWorstPsnr, pairs);
    }

    private static PlanarImage Stylize(InferenceSession session, PlanarImage content, float[] signals)
    {
        using var results = session.Run(Inputs(content, signals), [ModelNames.Image]);
        return new PlanarImage(content.Width, content.Height, results[0].AsTensor<float>().ToArray());
    }

    private static NamedOnnxValue[] Inputs(PlanarImage content, float[] signals) =>
    [
        NamedOnnxValue.CreateFromTensor(ModelNames.Content, new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>(content.Data, [1, 3, content.Height, content.Width])),
        NamedOnnxValue.CreateFromTensor(ModelNames.Signals, new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>(signals, [1, MicroAstSignals.Length])),
    ];

    private static float[] Signals(InferenceSession styleEncoder, PlanarImage style)
    {
        using var results = styleEncoder.Run([NamedOnnxValue.CreateFromTensor(ModelNames.Image,
            new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>(style.Data, [1, 3, style.Height, style.Width]))]);
        return results[0].AsTensor<float>().ToArray();
    }
}
