using System.Diagnostics;
using LiveStyle.Core.Inference;
using LiveStyle.Core.Models;
using LiveStyle.Core.Onnx;
using LiveStyle.Core.Quantization;

namespace LiveStyle.Core.Networks.AdaIn;

/// <summary>
/// Builds the int8 stylizer with the same model builder as the float one, and caches it in the
/// models folder like the float models. Its key adds the calibration set's hash and the
/// quantization settings to the weights' hash and builder version. The build: calibrate on
/// the calibration contents × calibration styles, quantize, then judge the candidate on the
/// held-out pairs. The gate's report is saved either way ("….gate.json"); a refused model is not
/// saved, and is not rebuilt until its inputs change.
/// </summary>
public static class AdaInInt8Stylizer
{
    /// <summary>Bump when calibration or quantization changes, so cached int8 models are rebuilt.</summary>
    public const int Version = 1;
    public const string FileStem = "stylizer-int8";
    public static readonly Int8RangesKey RangesKey = new(FileStem, Version);

    public static string ModelPath(ModelStore store, CalibrationSet calibration, QuantizationSettings settings) =>
        store.PathFor(AdaInModels.Family, FileStem, VariantKey(calibration.Hash, settings), ".onnx");

    public static string ReportPath(ModelStore store, CalibrationSet calibration, QuantizationSettings settings) =>
        store.PathFor(AdaInModels.Family, FileStem, VariantKey(calibration.Hash, settings), ".gate.json");

    /// <summary>The calibration's outcome beside the model (what `livestyle int8-ranges` ships).</summary>
    public static string RangesPath(ModelStore store, CalibrationSet calibration, QuantizationSettings settings) =>
        store.PathFor(AdaInModels.Family, FileStem, VariantKey(calibration.Hash, settings), ".ranges.json");

    private static string VariantKey(string calibrationHash, QuantizationSettings settings) =>
        $"int8-v{Version}/{calibrationHash}/{settings.Key}";

    public static Int8StylizerResult GetOrBuild(ModelStore store, CalibrationSet calibration, QuantizationSettings settings, Action<string>? log = null) =>
        new Int8Cache(ModelPath(store, calibration, settings), ReportPath(store, calibration, settings), RangesPath(store, calibration, settings))
            .GetOrBuild(store, () => BuildWithRanges(store, calibration, settings, log));

    /// <summary>
    /// The int8 stylizer from shipped calibration ranges, for a machine without the calibration images:
    /// the same model the calibration built (same key), without running it; the gate's figures are the ones
    /// measured when the ranges were made.
    /// </summary>
    public static Int8StylizerResult FromRanges(ModelStore store, Int8Ranges ranges, QuantizationSettings settings)
    {
        if (!ranges.Fits(RangesKey, store.WeightsHash(AdaInModels.Family), settings))
            throw new LiveStyleException("the shipped int8 calibration ranges were made for other weights or settings");
        var key = VariantKey(ranges.CalibrationSha256, settings);
        return ranges.Materialize(store, store.PathFor(AdaInModels.Family, FileStem, key, ".onnx"), store.PathFor(AdaInModels.Family, FileStem, key, ".gate.json"),
            () => Serialize(store, AdaInModel.Stylizer, ranges.Plan, ranges.ChannelEqualization, Provenance(ranges.CalibrationSha256, settings)));
    }

    /// <summary>Calibrates, quantizes and judges; returns the serialized candidate and its report.</summary>
    public static (byte[] Model, QualityReport Report) Build(ModelStore store, CalibrationSet calibration, QuantizationSettings settings, Action<string>? log = null)
    {
        var (model, report, _) = BuildWithRanges(store, calibration, settings, log);
        return (model, report);
    }

    /// <summary>As <see cref="Build"/>, with the calibration's outcome as <see cref="Int8Ranges"/>.</summary>
    public static (byte[] Model, QualityReport Report, Int8Ranges Ranges) BuildWithRanges(ModelStore store, CalibrationSet calibration, QuantizationSettings settings,
        Action<string>? log = null)
    {
        var clock = Stopwatch.StartNew();
        using var lossEncoder = new LossEncoder(Serialize(store, AdaInModel.LossEncoder));
        AdaInCalibrationInputs inputs;
        using (var styleEncoder = new AdaInStyleEncoder(store.GetOrBuild(AdaInModel.StyleEncoder, log), ExecutionDevice.Cpu))
            inputs = AdaInCalibrationInputs.Read(calibration, settings, styleEncoder, lossEncoder);

        log?.Invoke($"calibrating the int8 stylizer: {inputs.CalibrationContents.Count} content × {inputs.CalibrationStyles.Count} style images " +
                    $"at {settings.ContentSize} px from {calibration.ContentDirectory} and {calibration.StyleDirectory}");
        var equalization = settings.EqualizationStrength > 0
            ? ChannelEqualization.FromMaxima(AdaInCalibrator.Maxima(Serialize(store, AdaInModel.CalibrationStylizer), inputs.CalibrationContents, inputs.CalibrationStyles),
                settings.EqualizationStrength, AdaInGraph.IsEqualizable)
            : null;
        var histograms = AdaInCalibrator.Histograms(Serialize(store, AdaInModel.CalibrationStylizer, equalization: equalization),
            inputs.CalibrationContents, inputs.CalibrationStyles);
        var plan = settings.Plan(histograms, imageOutput: AdaInArchitecture.Decoder[^1].Label);
        var model = Quantize(store, plan, equalization, calibration, settings);

        log?.Invoke($"judging the int8 stylizer on {inputs.HeldOutContents.Count} held-out content × {inputs.Styles.Count} style images");
        var report = Judge(store, model, inputs, lossEncoder, settings, log);
        log?.Invoke($"int8 stylizer built in {clock.Elapsed.TotalSeconds:F0} s; {report.Summary()}");
        return (model, report, Int8Ranges.From(RangesKey, plan, equalization, store.WeightsHash(AdaInModels.Family), calibration.Hash, settings, report));
    }

    /// <summary>The int8 stylizer for a quantization plan, serialized, with its provenance in the metadata.</summary>
    public static byte[] Quantize(ModelStore store, StylizerQuantization plan, ChannelEqualization? equalization, CalibrationSet calibration, QuantizationSettings settings) =>
        Serialize(store, AdaInModel.Stylizer, plan, equalization, Provenance(calibration.Hash, settings));

    private static Dictionary<string, string> Provenance(string calibrationHash, QuantizationSettings settings) => new()
    {
        ["livestyle.calibration_sha256"] = calibrationHash,
        ["livestyle.quantization"] = settings.Key,
    };

    /// <summary>Runs the quality gate on a candidate int8 stylizer.</summary>
    public static QualityReport Judge(ModelStore store, byte[] model, AdaInCalibrationInputs inputs, LossEncoder lossEncoder, QuantizationSettings settings, Action<string>? log = null)
    {
        using var fp32 = new AdaInStylizer(store.GetOrBuild(AdaInModel.Stylizer, log), ExecutionDevice.Cpu);
        using var int8 = new AdaInStylizer(model);
        var pairs = AdaInQualityGate.Evaluate(fp32, int8, lossEncoder, inputs.HeldOutContents, inputs.Styles);
        return new QualityReport(settings.Key, inputs.CalibrationContents.Count * inputs.CalibrationStyles.Count, settings.MinMeanPsnr, settings.MinWorstPsnr, pairs);
    }

    public static byte[] Serialize(ModelStore store, AdaInModel kind, StylizerQuantization? quantization = null, ChannelEqualization? equalization = null,
        IReadOnlyDictionary<string, string>? metadata = null)
    {
        var weights = store.Weights(AdaInModels.Family);
        return OnnxWriter.Serialize(AdaInModelBuilder.Build(kind, weights.Encoder, weights.Decoder, weights.ContentHash,
            quantization: quantization, equalization: equalization, extraMetadata: metadata));
    }
}
