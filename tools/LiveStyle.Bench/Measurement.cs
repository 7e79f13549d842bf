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
        return Of(times);
    }

    public static Measurement Of(IEnumerable<double> milliseconds)
    {
        var sorted = milliseconds.Order().ToArray();
        var n = sorted.Length;
        var median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        return new Measurement(median, sorted[0], sorted[^1], n);
    }

    /// <summary>Rate in units per second for work of <paramref name="amount"/> units done in the median time.</summary>
    public double PerSecond(double amount) => amount / (Median / 1000);
}
