using LiveStyle.Core.Models;
using LiveStyle.Core.Inference;
using LiveStyle.Core.Quantization;

namespace LiveStyle.Core.Networks.MicroAst;

/// <summary>The fast network's stylizer model for --precision on --device: <see cref="StylizerModel.Locate"/>'s rules for MicroAST.</summary>
public static class MicroAstStylizerModel
{
    /// <summary>
    /// fp32, or the int8 fast stylizer through its quality gate; a refused int8 model falls back to
    /// fp32 with the gate's figures in the log. As for AdaIN, an empty or unreadable calibration set
    /// is an error when int8 was asked for or a calibration folder was named, and falls back to fp32 with auto.
    /// </summary>
    public static StylizerModel Locate(ModelStore store, Precision requested, ExecutionDevice device, CalibrationOptions calibration,
        Action<string> log, QuantizationSettings? settings = null) =>
        StylizerModel.Locate(requested, device, calibration, log, "int8 fast stylizer",
            set => MicroAstQuantization.GetOrBuild(store, set, settings, log),
            () => Int8Ranges.Find(LiveStylePaths.Int8RangesDirectory, MicroAstQuantization.RangesKey, store.WeightsHash(MicroAstModels.Family), settings ?? MicroAstQuantization.DefaultSettings) is { } ranges
                ? MicroAstQuantization.FromRanges(store, ranges, settings)
                : null,
            () => store.GetOrBuild(MicroAstModel.Stylizer, log));

    /// <summary>True when <see cref="Locate"/> would have to calibrate and judge the int8 fast stylizer first (see <see cref="StylizerModel.Int8NeedsBuilding(ModelStore, Precision, ExecutionDevice, CalibrationOptions, QuantizationSettings?)"/>).</summary>
    public static bool Int8NeedsBuilding(ModelStore store, Precision requested, ExecutionDevice device, CalibrationOptions calibration) =>
        StylizerModel.Int8NeedsBuilding(requested, device, calibration,
            set => MicroAstQuantization.ReportPath(store, set, MicroAstQuantization.DefaultSettings),
            set => MicroAstQuantization.ModelPath(store, set, MicroAstQuantization.DefaultSettings));
}
