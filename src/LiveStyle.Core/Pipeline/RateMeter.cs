using System.Diagnostics;

namespace LiveStyle.Core.Pipeline;

/// <summary>Events per second over the last half second or so; not thread-safe (one producer).</summary>
public sealed class RateMeter
{
    private static readonly long Window = Stopwatch.Frequency / 2;
    private long _windowStart = Stopwatch.GetTimestamp();
    private int _count;

    /// <summary>The rate measured over the last completed window; 0 until one completes.</summary>
    public double Rate { get; private set; }

    /// <summary>Counts one event at <paramref name="timestamp"/> (Stopwatch ticks); true when <see cref="Rate"/> was updated.</summary>
    public bool Tick(long timestamp)
    {
        _count++;
        var elapsed = timestamp - _windowStart;
        if (elapsed < Window) return false;
        Rate = _count * (double)Stopwatch.Frequency / elapsed;
        _count = 0;
        _windowStart = timestamp;
        return true;
    }

    public void Reset()
    {
        _count = 0;
        _windowStart = Stopwatch.GetTimestamp();
        Rate = 0;
    }
}
