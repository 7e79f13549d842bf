namespace LiveStyle.Core.Styling;

/// <summary>
/// What a style network needs of a style image: a float vector whose length and meaning the
/// network defines (AdaIN-VGG: 512 means then 512 standard deviations of relu4_1; the fast
/// network: 8 × 64 statistics and filter weights). Every user control — mixing, cross-fades — is
/// a linear combination of these vectors, so it costs nothing per frame.
/// </summary>
public sealed class StyleSignals
{
    public float[] Values { get; }
    public int Length => Values.Length;

    public StyleSignals(float[] values)
    {
        if (values.Length == 0) throw new ArgumentException("style signals must not be empty");
        Values = values;
    }

    public static StyleSignals Zero(int length) => new(new float[length]);

    /// <summary>Σ wₖ·signalsₖ with the weights normalised to sum to 1.</summary>
    public static StyleSignals Mix(IReadOnlyList<StyleSignals> styles, IReadOnlyList<float> weights)
    {
        if (styles.Count == 0) throw new ArgumentException("no styles to mix");
        if (styles.Count != weights.Count)
            throw new LiveStyleException($"{styles.Count} styles but {weights.Count} style weights: give one weight per style");
        if (weights.Any(w => w < 0 || !float.IsFinite(w)))
            throw new LiveStyleException("style weights must be finite and not negative");
        var total = weights.Sum();
        if (total <= 0) throw new LiveStyleException("style weights must not all be zero");
        var length = styles[0].Length;
        if (styles.Any(s => s.Length != length)) throw new ArgumentException("cannot mix style signals of different networks");

        var mixed = new float[length];
        for (var k = 0; k < styles.Count; k++)
        {
            var w = weights[k] / total;
            var values = styles[k].Values;
            for (var i = 0; i < length; i++) mixed[i] += w * values[i];
        }
        return new StyleSignals(mixed);
    }

    /// <summary>Writes (1−t)·from + t·to into <paramref name="into"/> without allocating.</summary>
    public static void Lerp(StyleSignals from, StyleSignals to, float t, StyleSignals into) =>
        Lerp(from.Values, to.Values, t, into.Values);

    /// <summary>Writes (1−t)·from + t·to into <paramref name="into"/> without allocating.</summary>
    public static void Lerp(ReadOnlySpan<float> from, ReadOnlySpan<float> to, float t, Span<float> into)
    {
        if (from.Length != into.Length || to.Length != into.Length)
            throw new ArgumentException("cannot blend style signals of different networks");
        for (var i = 0; i < into.Length; i++) into[i] = from[i] + t * (to[i] - from[i]);
    }

    public void CopyTo(StyleSignals into) => Values.CopyTo(into.Values, 0);
}
