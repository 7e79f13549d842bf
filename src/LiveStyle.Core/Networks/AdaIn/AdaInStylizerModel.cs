using LiveStyle.Core.Inference;
using LiveStyle.Core.Models;
using LiveStyle.Core.Quantization;

namespace LiveStyle.Core.Networks.AdaIn;

/// <summary>AdaIN's stylizer model for --precision on --device: <see cref="StylizerModel.Locate"/>'s rules with AdaIN's int8 build.</summary>
public static class AdaInStylizerModel
{
    /// <summary>
    /// AdaIN's stylizer model for --precision on --device (see <see cref="StylizerModel.Locate"/>), building it when needed. int8 goes through
    /// the quality gate; a refused int8 model falls back to fp32 with the gate's figures in the
    /// log. An empty or unreadable calibration set is an error when int8 was asked for or a
    /// calibration folder was named; with auto and the built-in default folder it falls back to fp32.
    /// </summary>
    public static StylizerModel Locate(ModelStore store, Precision requested, ExecutionDevice device, CalibrationOptions calibration,
        Action<string> log, QuantizationSettings? settings = null)
    {
        var chosen = settings ?? QuantizationSettings.Default;
        return StylizerModel.Locate(requested, device, calibration, log, "int8 stylizer",
            set => AdaInInt8Stylizer.GetOrBuild(store, set, chosen, log),
            () => Int8Ranges.Find(LiveStylePaths.Int8RangesDirectory, AdaInInt8Stylizer.RangesKey, store.WeightsHash(AdaInModels.Family), chosen) is { } ranges
                ? AdaInInt8Stylizer.FromRanges(store, ranges, chosen)
                : null,
            () => store.GetOrBuild(AdaInModel.Stylizer, log));
    }

    /// <summary>
    /// True when <see cref="Locate"/> would have to calibrate and judge an int8 model first (the
    /// slow part of a first start), so a caller can run fp32 meanwhile. False when the choice is
    /// fp32, or int8's verdict is cached, or the calibration set cannot be read (Locate reports that).
    /// </summary>
    public static bool Int8NeedsBuilding(ModelStore store, Precision requested, ExecutionDevice device, CalibrationOptions calibration,
        QuantizationSettings? settings = null)
    {
        var chosen = settings ?? QuantizationSettings.Default;
        return StylizerModel.Int8NeedsBuilding(requested, device, calibration,
            set => AdaInInt8Stylizer.ReportPath(store, set, chosen), set => AdaInInt8Stylizer.ModelPath(store, set, chosen));
    }
}
