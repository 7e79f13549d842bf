using LiveStyle.Core.Models;
using LiveStyle.Core.Networks.MicroAst;
using LiveStyle.Core.Quantization;

namespace LiveStyle.Core.Inference;

/// <summary>The fast network's stylizer model for --precision on --device: <see cref="StylizerModel.Locate"/>'s rules for MicroAST.</summary>
public static class FastStylizerModel
{
    /// <summary>
    /// fp32, or the int8 fast stylizer through its quality gate; a refused int8 model falls back to
    /// fp32 with the gate's figures in the log. As for AdaIN, an empty or unreadable calibration set
    /// is an error when int8 was asked for or a calibration folder was named, and falls back to fp32 with auto.
    /// </summary>
    public static StylizerModel Locate(ModelStore store, Precision requested, ExecutionDevice device, CalibrationOptions calibration,
        Action<string> log, QuantizationSettings? settings = null)
    {
        var precision = PrecisionChoice.Resolve(requested, device);
        if (precision == Precision.Fp32)
            return Fp32(store, log, requested == Precision.Auto ? $"fp32 (--precision auto on {device})" : "fp32");

        Int8StylizerResult result;
        try
        {
            var set = CalibrationSet.Open(calibration.ResolvedContentDirectory, calibration.ResolvedStyleDirectory);
            result = MicroAstQuantization.GetOrBuild(store, set, settings, log);
        }
        catch (LiveStyleException e) when (requested == Precision.Auto && !calibration.IsExplicit)
        {
            log($"--precision auto: no int8 fast stylizer ({e.Message}); using fp32");
            return Fp32(store, log, "fp32 (no calibration set for int8)");
        }
        if (!result.Accepted)
        {
            log($"the int8 fast stylizer was refused by the quality gate: {result.Report.Failure()}. {result.Report.Summary()}. Using fp32.");
            return Fp32(store, log, "fp32 (int8 refused by the quality gate)");
        }
        return new StylizerModel(result.ModelPath!, Precision.Int8,
            $"int8 (quality gate: {result.Report.MeanPsnr:F1} dB mean, {result.Report.Worst.Psnr:F1} dB worst PSNR vs fp32)");
    }

    /// <summary>True when <see cref="Locate"/> would have to calibrate and judge the int8 fast stylizer first (see <see cref="StylizerModel.Int8NeedsBuilding(ModelStore, Precision, ExecutionDevice, CalibrationOptions, QuantizationSettings?)"/>).</summary>
    public static bool Int8NeedsBuilding(ModelStore store, Precision requested, ExecutionDevice device, CalibrationOptions calibration) =>
        StylizerModel.Int8NeedsBuilding(requested, device, calibration,
            set => MicroAstQuantization.ReportPath(store, set, MicroAstQuantization.DefaultSettings),
            set => MicroAstQuantization.ModelPath(store, set, MicroAstQuantization.DefaultSettings));

    private static StylizerModel Fp32(ModelStore store, Action<string> log, string description) =>
        new(store.GetOrBuild(ModelKind.FastStylizer, log), Precision.Fp32, description);
}
