using System.Diagnostics;

namespace LiveStyle.Core.Sinks.VirtualCamera;

/// <summary>
/// Ticks at a constant rate on fixed deadlines (start + n × interval), so a late wake-up does not
/// slow the average rate: the next tick comes sooner. A thread that fell more than a few frames
/// behind (the machine stalled) starts a new schedule instead of sending a burst.
/// </summary>
public sealed class FrameClock(double framesPerSecond)
{
    private const int MaxFramesBehind = 5;

    private readonly double _intervalTicks = Stopwatch.Frequency / framesPerSecond;
    private long _start = Stopwatch.GetTimestamp();
    private long _tick;

    /// <summary>Ticks that were skipped because the thread fell too far behind.</summary>
    public long Skipped { get; private set; }

    /// <summary>Waits for the next deadline; returns it (Stopwatch ticks), or null when <paramref name="stop"/> was set.</summary>
    public long? WaitNext(WaitHandle stop)
    {
        var due = _start + (long)(_tick * _intervalTicks);
        var now = Stopwatch.GetTimestamp();
        if (now < due)
        {
            if (stop.WaitOne(TimeSpan.FromSeconds((double)(due - now) / Stopwatch.Frequency))) return null;
        }
        else if (now - due > MaxFramesBehind * _intervalTicks)
        {
            Skipped += (long)((now - due) / _intervalTicks);
            _start = now;
            _tick = 0;
            due = now;
        }
        _tick++;
        return due;
    }
}
