using System.Diagnostics;

namespace LiveStyle.Core.Styling;

/// <summary>
/// What the live view styles with, changed by hotkeys on the UI thread and read once per frame on
/// the inference thread: the current style, α, an optional two-style mix, and a cross-fade of the
/// style signals whenever any of these change. Everything is a linear combination of the network's
/// signal vectors, so a frame costs the same whatever the user does; <see cref="Compute"/>
/// allocates nothing (except once when the bank switches to a network with another signal length).
/// </summary>
public sealed class StyleController
{
    private readonly object _gate = new();
    private readonly Func<IReadOnlyList<StyleEntry>> _styles;
    private StyleSignals _shown = StyleSignals.Zero(1);
    private StyleSignals _fadeFrom = StyleSignals.Zero(1);
    private StyleSignals _target = StyleSignals.Zero(1);
    private long _fadeStart;
    private bool _hasShown;

    public StyleController(Func<IReadOnlyList<StyleEntry>> styles, float alpha = 1f, TimeSpan? crossFade = null)
    {
        _styles = styles;
        Alpha = Math.Clamp(alpha, 0f, 1f);
        CrossFade = crossFade ?? TimeSpan.FromSeconds(0.5);
    }

    public TimeSpan CrossFade { get; }
    public int Index { get; private set; }
    public float Alpha { get; private set; }
    public bool MixMode { get; private set; }
    /// <summary>Weight of the next style in mix mode (0 = only the current style, 1 = only the next).</summary>
    public float MixWeight { get; private set; } = 0.5f;

    public int Count => _styles().Count;

    /// <summary>"starry night" or "starry night 70% + great wave 30%"; empty when there are no styles.</summary>
    public string Description
    {
        get
        {
            lock (_gate)
            {
                var styles = _styles();
                if (styles.Count == 0) return "";
                var current = styles[Index % styles.Count];
                if (!MixMode || styles.Count < 2) return current.Name;
                var other = styles[(Index + 1) % styles.Count];
                return $"{current.Name} {100 - MixWeight * 100:F0}% + {other.Name} {MixWeight * 100:F0}%";
            }
        }
    }

    public void Next() => Change(() => Index = Wrap(Index + 1));
    public void Previous() => Change(() => Index = Wrap(Index - 1));
    public void Jump(int index) => Change(() => { if (index >= 0 && index < Count) Index = index; });
    public void AdjustAlpha(float delta) => Change(() => Alpha = Math.Clamp(MathF.Round((Alpha + delta) * 20) / 20, 0f, 1f));
    public void ToggleMix() => Change(() => MixMode = !MixMode);
    public void AdjustMixWeight(float delta) => Change(() => MixWeight = Math.Clamp(MathF.Round((MixWeight + delta) * 20) / 20, 0f, 1f));

    /// <summary>
    /// Writes the signals to style the frame at <paramref name="now"/> (Stopwatch ticks) into
    /// <paramref name="into"/> and returns α, or returns null when the bank is empty or holds
    /// another network's signals (while the network is being switched).
    /// </summary>
    public float? Compute(long now, StyleSignals into)
    {
        lock (_gate)
        {
            var styles = _styles();
            if (styles.Count == 0) return null;
            var index = Index % styles.Count;
            var current = styles[index].Signals;
            if (current.Length != into.Length) return null;
            if (_shown.Length != into.Length) StartOver(into.Length);
            if (MixMode && styles.Count > 1)
                StyleSignals.Lerp(current, styles[(index + 1) % styles.Count].Signals, MixWeight, _target);
            else
                current.CopyTo(_target);

            var progress = _hasShown && CrossFade > TimeSpan.Zero
                ? (float)Math.Min(1.0, Stopwatch.GetElapsedTime(_fadeStart, now) / CrossFade)
                : 1f;
            StyleSignals.Lerp(_fadeFrom, _target, progress, _shown);
            _hasShown = true;
            _shown.CopyTo(into);
            return Alpha;
        }
    }

    private void Change(Action change)
    {
        lock (_gate)
        {
            // Fade from whatever is on screen now, so a change during a fade stays smooth.
            _shown.CopyTo(_fadeFrom);
            _fadeStart = Stopwatch.GetTimestamp();
            change();
        }
    }

    private int Wrap(int index)
    {
        var count = Count;
        return count == 0 ? 0 : ((index % count) + count) % count;
    }

    /// <summary>Signals of another length belong to another network: no cross-fade from the old one's.</summary>
    private void StartOver(int length)
    {
        _shown = StyleSignals.Zero(length);
        _fadeFrom = StyleSignals.Zero(length);
        _target = StyleSignals.Zero(length);
        _hasShown = false;
    }
}
