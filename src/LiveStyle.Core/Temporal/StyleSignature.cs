using LiveStyle.Core.Styling;

namespace LiveStyle.Core.Temporal;

/// <summary>
/// Remembers the style signals of the last frame, so the stabilizer can start afresh when they
/// change (a new style, a cross-fade step, another α): a style change is not flicker to smooth.
/// </summary>
public sealed class StyleSignature
{
    private readonly float[] _mean = new float[StyleStatistics.Channels];
    private readonly float[] _std = new float[StyleStatistics.Channels];
    private float _alpha = float.NaN;

    /// <summary>True when <paramref name="style"/> or <paramref name="alpha"/> differ from the last call's.</summary>
    public bool Changed(StyleStatistics style, float alpha)
    {
        if (alpha == _alpha && style.Mean.AsSpan().SequenceEqual(_mean) && style.Std.AsSpan().SequenceEqual(_std)) return false;
        style.Mean.CopyTo(_mean, 0);
        style.Std.CopyTo(_std, 0);
        _alpha = alpha;
        return true;
    }
}
