using LiveStyle.Core.Styling;

namespace LiveStyle.Core.Temporal;

/// <summary>
/// Remembers the style signals of the last frame, so the stabilizer can start afresh when they
/// change (a new style, a cross-fade step, another α, another network): a style change is not
/// flicker to smooth.
/// </summary>
public sealed class StyleSignature
{
    private float[] _values = [];
    private float _alpha = float.NaN;

    /// <summary>True when <paramref name="style"/> or <paramref name="alpha"/> differ from the last call's.</summary>
    public bool Changed(StyleSignals style, float alpha)
    {
        if (alpha == _alpha && style.Values.AsSpan().SequenceEqual(_values)) return false;
        // Reallocated only when the network (and so the signal length) changes, never per frame.
        if (_values.Length != style.Length) _values = new float[style.Length];
        style.Values.CopyTo(_values, 0);
        _alpha = alpha;
        return true;
    }
}
