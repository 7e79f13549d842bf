using System.Diagnostics;

namespace LiveStyle.Bench;

/// <summary>Median, min and max of repeated timings, in milliseconds.</summary>
public sealed record Measurement(double Median, double Min, double Max, int Runs)
{
    public static Measurement Time(Action action, int warmup, int runs)
    {
        for (var i = 0; i < warmup; i++) action();
        var times = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            action();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(times);
        var median = runs % 2 == 1 ? times[runs / 2] : (times[runs / 2 - 1] + times[runs / 2]) / 2;
        return new Measurement(median, times[0], times[^1], runs);
    }

    /// <summary>Rate in units per second for work of <paramref name="amount"/> units done in the median time.</summary>
    public double PerSecond(double amount) => amount / (Median / 1000);
}
