using LiveStyle.Core.Models;
using LiveStyle.Core.Quantization;

namespace LiveStyle.Core.Inference;

/// <summary>The stylizer model a command runs: its path, its precision, and a line saying why.</summary>
public sealed record StylizerModel(string Path, Precision Precision, string Description)
{
    /// <summary>For an int8 model, the calibration it was quantized with, when known.</summary>
    public Int8Ranges? Ranges { get; init; }

    /// <summary>
    /// Picks a network's stylizer model for --precision on --device, building it when needed. int8
    /// goes through the quality gate; a refused int8 model falls back to fp32 with the gate's
    /// figures in the log. An empty or unreadable calibration set is an error when int8 was asked
    /// for or a calibration folder was named; with auto and the built-in default folder it falls
    /// back to fp32. Each network gives its own steps: <paramref name="calibrate"/> builds (or reuses) the int8 model from a
    /// calibration set; <paramref name="fromShippedRanges"/> builds it from calibration ranges shipped
    /// with the program when there are no calibration images (null: none fit); <paramref name="fp32"/>
    /// gives the float model's path.
    /// </summary>
    internal static StylizerModel Locate(Precision requested, ExecutionDevice device, CalibrationOptions calibration, Action<string> log,
        string name, Func<CalibrationSet, Int8StylizerResult> calibrate, Func<Int8StylizerResult?> fromShippedRanges, Func<string> fp32)
    {
        var precision = PrecisionChoice.Resolve(requested, device);
        if (precision == Precision.Fp32)
            return new(fp32(), Precision.Fp32, requested == Precision.Auto ? $"fp32 (--precision auto on {device})" : "fp32");

        Int8StylizerResult result;
        try
        {
            result = calibrate(CalibrationSet.Open(calibration.ResolvedContentDirectory, calibration.ResolvedStyleDirectory));
        }
        catch (LiveStyleException e) when (requested == Precision.Auto && !calibration.IsExplicit)
        {
            // No calibration images (a user's machine): the calibration's outcome shipped with the program, if it fits these weights.
            if (fromShippedRanges() is not { } shipped)
            {
                log($"--precision auto: no {name} ({e.Message}; no shipped int8 calibration ranges for these weights in {LiveStylePaths.Int8RangesDirectory}); using fp32");
                return new(fp32(), Precision.Fp32, "fp32 (no calibration set for int8)");
            }
            log($"--precision auto: cannot calibrate the {name} here ({e.Message}); building int8 from the shipped calibration ranges");
            result = shipped;
        }
        if (!result.Accepted)
        {
            log($"the {name} was refused by the quality gate: {result.Report.Failure()}. {result.Report.Summary()}. Using fp32.");
            return new(fp32(), Precision.Fp32, "fp32 (int8 refused by the quality gate)");
        }
        return new StylizerModel(result.ModelPath!, Precision.Int8,
            $"int8 (quality gate: {result.Report.MeanPsnr:F1} dB mean, {result.Report.Worst.Psnr:F1} dB worst PSNR vs fp32)") { Ranges = result.Ranges };
    }

    /// <summary>
    /// True when <see cref="Locate"/> would have to calibrate and judge an int8 model first (the
    /// slow part of a first start), so a caller can run fp32 meanwhile. False when the choice is
    /// fp32, or int8's verdict is cached, or the calibration set cannot be read (Locate reports that).
    /// Each network says where its gate report and model go.
    /// </summary>
    internal static bool Int8NeedsBuilding(Precision requested, ExecutionDevice device, CalibrationOptions calibration,
        Func<CalibrationSet, string> reportPath, Func<CalibrationSet, string> modelPath)
    {
        if (PrecisionChoice.Resolve(requested, device) != Precision.Int8) return false;
        try
        {
            var set = CalibrationSet.Open(calibration.ResolvedContentDirectory, calibration.ResolvedStyleDirectory);
            if (QualityReport.TryRead(reportPath(set)) is not { } saved) return true;
            return saved.Passed && !File.Exists(modelPath(set));
        }
        catch (LiveStyleException)
        {
            return false;
        }
    }
}
