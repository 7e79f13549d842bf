using System.Globalization;

namespace LiveStyle.App.Cli;

/// <summary>
/// Turns an option's text into its value, range-checked; a bad value is a <see cref="UsageException"/>
/// whose message names the option and the value given.
/// </summary>
public static class ValueParsers
{
    public static int Int(string name, string text, int min, int max) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new UsageException($"--{name} must be a whole number from {min} to {max}, got '{text}'");

    public static float Float(string name, string text, float min, float max) =>
        TryParseFloat(text, out var value) && value >= min && value <= max
            ? value
            : throw new UsageException($"--{name} must be a number from {Invariant(min)} to {Invariant(max)}, got '{text}'");

    /// <summary>WIDTHxHEIGHT, each side 16…16384.</summary>
    public static PixelSize Pair(string name, string text)
    {
        var parts = text.ToLowerInvariant().Split('x');
        if (parts.Length == 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var w) && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var h)
            && w is >= 16 and <= 16384 && h is >= 16 and <= 16384)
            return new PixelSize(w, h);
        throw new UsageException($"--{name} must be WIDTHxHEIGHT, e.g. 1280x720, got '{text}'");
    }

    /// <summary>A comma-separated list ("a.jpg,b.jpg"); empty entries are an error.</summary>
    public static IReadOnlyList<string> List(string name, string text)
    {
        var items = text.Split(',').Select(s => s.Trim()).ToArray();
        return items.Any(s => s.Length == 0) ? throw new UsageException($"--{name} has an empty entry in '{text}'") : items;
    }

    public static IReadOnlyList<float> FloatList(string name, string text) =>
        List(name, text).Select(item => TryParseFloat(item, out var v) && v >= 0
            ? v
            : throw new UsageException($"--{name} must be a comma-separated list of non-negative numbers, got '{item}'")).ToArray();

    private static string Invariant(float value) => value.ToString(CultureInfo.InvariantCulture);

    private static bool TryParseFloat(string text, out float value) =>
        float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && float.IsFinite(value);
}
