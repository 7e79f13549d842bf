using LiveStyle.Core.Models;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LiveStyle.Core.Quantization;

/// <summary>
/// What the int8 stylizer's calibration produced, apart from the images: each activation's uint8
/// quantization, the per-channel equalization scales and the float layers, with the quality gate's
/// figures of the model they made. Shipped as a small file keyed by the weights' hash, so a machine
/// with only the weights builds the same int8 model without the calibration images.
/// </summary>
public sealed record Int8Ranges(
    int Int8Version,
    string WeightsSha256,
    string CalibrationSha256,
    string Settings,
    IReadOnlyDictionary<string, Int8Ranges.Quantization> Activations,
    IReadOnlyList<string> FloatLayers,
    IReadOnlyDictionary<string, float[]>? Equalization,
    QualityReport Report)
{
    /// <summary>One activation's uint8 quantization as stored: real = (q − ZeroPoint) · Scale.</summary>
    public sealed record Quantization(float Scale, byte ZeroPoint);

    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>The shipped file's name for this int8 model and the weights with this SHA-256.</summary>
    public static string FileName(Int8RangesKey key, string weightsSha256) => $"{key.FileStem}-ranges.{weightsSha256[..16]}.json";

    public static Int8Ranges From(Int8RangesKey key, StylizerQuantization plan, ChannelEqualization? equalization, string weightsSha256, string calibrationSha256,
        QuantizationSettings settings, QualityReport report) =>
        new(key.Version, weightsSha256, calibrationSha256, settings.Key,
            new SortedDictionary<string, Quantization>(plan.Activations.ToDictionary(a => a.Key, a => new Quantization(a.Value.Scale, a.Value.ZeroPoint)), StringComparer.Ordinal),
            plan.FloatLayers.Order(StringComparer.Ordinal).ToList(),
            equalization is null ? null : new SortedDictionary<string, float[]>(equalization.Scales.ToDictionary(), StringComparer.Ordinal),
            report);

    public StylizerQuantization Plan =>
        new(Activations.ToDictionary(a => a.Key, a => new ActivationQuantization(a.Value.Scale, a.Value.ZeroPoint)), FloatLayers.ToHashSet());

    public ChannelEqualization? ChannelEqualization => Equalization is null ? null : new ChannelEqualization(Equalization);

    /// <summary>Whether these ranges were made for these weights, this int8 build and these settings.</summary>
    public bool Fits(Int8RangesKey key, string weightsSha256, QuantizationSettings settings) =>
        Int8Version == key.Version && WeightsSha256 == weightsSha256 && Settings == settings.Key;

    /// <summary>
    /// The int8 model these ranges make, cached at <paramref name="modelPath"/> with the gate's figures at
    /// <paramref name="reportPath"/> (<paramref name="quantize"/> runs only when it is not cached yet); no model when the gate refused it.
    /// </summary>
    public Int8StylizerResult Materialize(ModelStore store, string modelPath, string reportPath, Func<byte[]> quantize)
    {
        if (!Report.Passed) return new Int8StylizerResult(null, Report);
        if (!File.Exists(modelPath))
        {
            store.Write(reportPath, System.Text.Encoding.UTF8.GetBytes(Report.ToJson()));
            store.Write(modelPath, quantize());
        }
        return new Int8StylizerResult(modelPath, Report, this);
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>Reads a ranges file; null when it is missing or unreadable.</summary>
    public static Int8Ranges? TryRead(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize<Int8Ranges>(File.ReadAllText(path), Json) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    /// <summary>The shipped ranges in <paramref name="directory"/> that fit the weights and settings, or null.</summary>
    public static Int8Ranges? Find(string directory, Int8RangesKey key, string weightsSha256, QuantizationSettings settings) =>
        TryRead(Path.Combine(directory, FileName(key, weightsSha256))) is { } ranges && ranges.Fits(key, weightsSha256, settings) ? ranges : null;
}

/// <summary>Which int8 model a ranges file is for: its file stem and int8 build version (AdaIN's stylizer, the fast stylizer).</summary>
public sealed record Int8RangesKey(string FileStem, int Version);
