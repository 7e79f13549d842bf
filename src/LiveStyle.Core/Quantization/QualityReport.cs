using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiveStyle.Core.Quantization;

/// <summary>One held-out content × style pair: int8 against float32, and the paper's losses of both.</summary>
public sealed record PairQuality(string Content, string Style, double Psnr,
    double ContentLossFp32, double ContentLossInt8, double StyleLossFp32, double StyleLossInt8);

/// <summary>
/// The int8 stylizer's quality gate, as measured by its build: PSNR of its output against the
/// float32 stylizer's over held-out pairs, and the content and style losses of both models.
/// Saved beside the model (accepted or refused), so the figures are shown without a rebuild.
/// </summary>
public sealed record QualityReport(
    string Settings,
    int CalibrationRuns,
    double MinMeanPsnr,
    double MinWorstPsnr,
    IReadOnlyList<PairQuality> Pairs)
{
    public double MeanPsnr => Pairs.Average(p => p.Psnr);
    public PairQuality Worst => Pairs.MinBy(p => p.Psnr)!;
    public bool Passed => MeanPsnr >= MinMeanPsnr && Worst.Psnr >= MinWorstPsnr;
    public double ContentLossFp32 => Pairs.Average(p => p.ContentLossFp32);
    public double ContentLossInt8 => Pairs.Average(p => p.ContentLossInt8);
    public double StyleLossFp32 => Pairs.Average(p => p.StyleLossFp32);
    public double StyleLossInt8 => Pairs.Average(p => p.StyleLossInt8);

    /// <summary>One line with every figure, for the log.</summary>
    public string Summary() => string.Create(CultureInfo.InvariantCulture,
        $"PSNR int8 vs fp32 over {Pairs.Count} held-out pairs: mean {MeanPsnr:F1} dB (gate ≥ {MinMeanPsnr:F0}), " +
        $"worst {Worst.Psnr:F1} dB (gate ≥ {MinWorstPsnr:F0}; {Worst.Content} × {Worst.Style}); " +
        $"content loss fp32 {ContentLossFp32:F3} / int8 {ContentLossInt8:F3}; style loss fp32 {StyleLossFp32:F3} / int8 {StyleLossInt8:F3}");

    /// <summary>Why the gate refused the model; null when it passed.</summary>
    public string? Failure()
    {
        var reasons = new List<string>();
        if (MeanPsnr < MinMeanPsnr) reasons.Add(string.Create(CultureInfo.InvariantCulture, $"mean PSNR {MeanPsnr:F1} dB < {MinMeanPsnr:F0} dB"));
        if (Worst.Psnr < MinWorstPsnr) reasons.Add(string.Create(CultureInfo.InvariantCulture, $"worst PSNR {Worst.Psnr:F1} dB < {MinWorstPsnr:F0} dB ({Worst.Content} × {Worst.Style})"));
        return reasons.Count == 0 ? null : string.Join(", ", reasons);
    }

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a saved report; null when it is missing or unreadable (the model is then rebuilt).</summary>
    public static QualityReport? TryRead(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<QualityReport>(File.ReadAllText(path), Json) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }
}
