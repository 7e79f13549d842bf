
namespace LiveStyle.Core.Quantization;

/// <summary>
/// Per-channel scales s &gt; 0 for activations (by the label the network's graph gives them), chosen so that a tensor quantized with one
/// scale spends its 256 levels on every channel, not only on the widest ones. The network's function does
/// not change: the producing conv's output channel c is multiplied by s_c (ReLU, max-pooling,
/// reflection padding and nearest upsampling all commute with a positive per-channel factor) and
/// the consuming conv's input channel c by 1/s_c; where a float op consumes the tensor (AdaIN)
/// or produces it (AdaIN's output), an explicit per-channel Mul undoes or applies it.
/// </summary>
public sealed record ChannelEqualization(IReadOnlyDictionary<string, float[]> Scales)
{
    /// <summary>The largest factor a channel is scaled by.</summary>
    public const double MaxRatio = 256;

    public float[]? For(string label) => Scales.GetValueOrDefault(label);

    /// <summary>
    /// s_c = (max over channels of a / a_c)^strength, where a_c is channel c's largest magnitude
    /// during calibration: strength 1 gives every channel the range of the widest one, 0 changes
    /// nothing. (Balancing against the consuming weights' ranges instead, as SmoothQuant does,
    /// measured worse here.) Channels never seen non-zero keep s = 1.
    /// </summary>
    /// <param name="isEqualizable">Which activations the network can rescale per channel.</param>
    public static ChannelEqualization FromMaxima(IReadOnlyDictionary<string, float[]> maxima, double strength, Func<string, bool> isEqualizable) =>
        new(maxima.Where(m => isEqualizable(m.Key) && m.Value.Max() > 0).ToDictionary(m => m.Key, m =>
        {
            var widest = m.Value.Max();
            return m.Value.Select(a => a > 0 ? (float)Math.Pow(Math.Min(widest / a, MaxRatio), strength) : 1f).ToArray();
        }));

}
