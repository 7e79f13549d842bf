using LiveStyle.Core.Weights;

namespace LiveStyle.Core.Styling;

/// <summary>
/// The per-channel mean and standard deviation of a style image's relu4_1 features: all that
/// AdaIN needs of a style. Mixing and cross-fading are weighted sums of these.
/// </summary>
public sealed class StyleStatistics
{
    public const int Channels = AdaInArchitecture.FeatureChannels;

    public float[] Mean { get; }
    public float[] Std { get; }

    public StyleStatistics(float[] mean, float[] std)
    {
        if (mean.Length != Channels || std.Length != Channels)
            throw new ArgumentException($"style statistics need {Channels} means and {Channels} standard deviations");
        Mean = mean;
        Std = std;
    }

    /// <summary>Σ wₖ·statsₖ with the weights normalised to sum to 1 (equivalent to mixing AdaIN outputs).</summary>
    public static StyleStatistics Mix(IReadOnlyList<StyleStatistics> styles, IReadOnlyList<float> weights)
    {
        if (styles.Count == 0) throw new ArgumentException("no styles to mix");
        if (styles.Count != weights.Count)
            throw new LiveStyleException($"{styles.Count} styles but {weights.Count} style weights: give one weight per style");
        if (weights.Any(w => w < 0 || !float.IsFinite(w)))
            throw new LiveStyleException("style weights must be finite and not negative");
        var total = weights.Sum();
        if (total <= 0) throw new LiveStyleException("style weights must not all be zero");

        var mean = new float[Channels];
        var std = new float[Channels];
        for (var k = 0; k < styles.Count; k++)
        {
            var w = weights[k] / total;
            for (var c = 0; c < Channels; c++)
            {
                mean[c] += w * styles[k].Mean[c];
                std[c] += w * styles[k].Std[c];
            }
        }
        return new StyleStatistics(mean, std);
    }

    /// <summary>Writes (1−t)·from + t·to into <paramref name="into"/> without allocating (cross-fades).</summary>
    public static void Lerp(StyleStatistics from, StyleStatistics to, float t, StyleStatistics into)
    {
        for (var c = 0; c < Channels; c++)
        {
            into.Mean[c] = from.Mean[c] + t * (to.Mean[c] - from.Mean[c]);
            into.Std[c] = from.Std[c] + t * (to.Std[c] - from.Std[c]);
        }
    }

    /// <summary>AdaIN's style signals: the 512 means, then the 512 standard deviations.</summary>
    public StyleSignals ToSignals() => new([.. Mean, .. Std]);

    public static StyleStatistics FromSignals(StyleSignals signals)
    {
        if (signals.Length != 2 * Channels)
            throw new ArgumentException($"AdaIN style signals hold {2 * Channels} values, got {signals.Length}");
        return new StyleStatistics(signals.Values[..Channels], signals.Values[Channels..]);
    }
}
