using System.Diagnostics;

namespace LiveStyle.Core.Styling;

/// <summary>
/// What the live view styles with, changed by hotkeys on the UI thread and read once per frame on
/// the inference thread: the current style, α, an optional two-style mix, and a cross-fade of the
/// statistics whenever any of these change. Everything is an affine change of 2×512 numbers, so a
/// frame costs the same whatever the user does; <see cref="Compute"/> allocates nothing.
/// </summary>
public sealed class StyleController
{
    private readonly object _gate = new();
    private readonly Func<IReadOnlyList<StyleEntry>> _styles;
    private readonly StyleStatistics _shown = Zero();
    private readonly StyleStatistics _fadeFrom = Zero();
    private readonly StyleStatistics _target = Zero();
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
    /// Writes the statistics to style the frame at <paramref name="now"/> (Stopwatch ticks) into
    /// <paramref name="into"/> and returns α, or returns null when the bank is empty.
    /// </summary>
    public float? Compute(long now, StyleStatistics into)
    {
        lock (_gate)
        {
            var styles = _styles();
            if (styles.Count == 0) return null;
            var index = Index % styles.Count;
            var current = styles[index].Statistics;
            if (MixMode && styles.Count > 1)
                StyleStatistics.Lerp(current, styles[(index + 1) % styles.Count].Statistics, MixWeight, _target);
            else
                StyleStatistics.Lerp(current, current, 0f, _target);

            var progress = _hasShown && CrossFade > TimeSpan.Zero
                ? (float)Math.Min(1.0, Stopwatch.GetElapsedTime(_fadeStart, now) / CrossFade)
                : 1f;
            StyleStatistics.Lerp(_fadeFrom, _target, progress, _shown);
            _hasShown = true;
            _shown.Mean.CopyTo(into.Mean, 0);
            _shown.Std.CopyTo(into.Std, 0);
            return Alpha;
        }
    }

    private void Change(Action change)
    {
        lock (_gate)
        {
            // Fade from whatever is on screen now, so a change during a fade stays smooth.
            _shown.Mean.CopyTo(_fadeFrom.Mean, 0);
            _shown.Std.CopyTo(_fadeFrom.Std, 0);
            _fadeStart = Stopwatch.GetTimestamp();
            change();
        }
    }

    private int Wrap(int index)
    {
        var count = Count;
        return count == 0 ? 0 : ((index % count) + count) % count;
    }

    private static StyleStatistics Zero() => new(new float[StyleStatistics.Channels], new float[StyleStatistics.Channels]);
}
