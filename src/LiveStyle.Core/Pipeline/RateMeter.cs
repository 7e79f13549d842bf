using System.Diagnostics;

namespace LiveStyle.Core.Pipeline;

/// <summary>Events per second over a sliding window of about one second; thread-safe, allocation-free.</summary>
public sealed class RateMeter
{
    private readonly object _gate = new();
    private readonly long[] _ticks = new long[256];
    private int _next;
    private int _count;

    public void Tick()
    {
        lock (_gate)
        {
            _ticks[_next] = Stopwatch.GetTimestamp();
            _next = (_next + 1) % _ticks.Length;
            if (_count < _ticks.Length) _count++;
        }
    }

    public void Reset()
    {
        lock (_gate)
        {
            _next = 0;
            _count = 0;
        }
    }

    public double PerSecond
    {
        get
        {
            lock (_gate)
            {
                var now = Stopwatch.GetTimestamp();
                var window = Stopwatch.Frequency;
                var inWindow = 0;
                long oldest = now;
                for (var i = 1; i <= _count; i++)
                {
                    var t = _ticks[(_next - i + _ticks.Length) % _ticks.Length];
                    if (now - t > window) break;
                    inWindow++;
                    oldest = t;
                }
                if (inWindow < 2) return inWindow;
                return (inWindow - 1) * (double)Stopwatch.Frequency / Math.Max(1, now - oldest);
            }
        }
    }
}
