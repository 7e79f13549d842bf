namespace LiveStyle.Core.Quantization;

/// <summary>
/// The distribution of one activation over many calibration runs, as two histograms of |value|
/// (one for values ≥ 0, one for values &lt; 0) over [0, limit). When a value beyond the limit
/// arrives the limit doubles and neighbouring bins merge, so one pass suffices.
/// </summary>
public sealed class ActivationHistogram
{
    public const int Bins = 4096;
    private const int FractionSteps = 1000;

    private readonly long[] _positive = new long[Bins];
    private readonly long[] _negative = new long[Bins];
    private double _limit;

    public double Min { get; private set; } = double.PositiveInfinity;
    public double Max { get; private set; } = double.NegativeInfinity;
    public long Count { get; private set; }

    public void Add(ReadOnlySpan<float> values)
    {
        if (values.IsEmpty) return;
        float min = float.PositiveInfinity, max = float.NegativeInfinity;
        foreach (var v in values)
        {
            if (v < min) min = v;
            if (v > max) max = v;
        }
        if (!float.IsFinite(min) || !float.IsFinite(max))
            throw new LiveStyleException("calibration saw a non-finite activation: the weights or the images are broken");
        Min = Math.Min(Min, min);
        Max = Math.Max(Max, max);
        Grow(Math.Max(Math.Abs(min), Math.Abs(max)));

        var perBin = Bins / _limit;
        foreach (var v in values)
        {
            if (v >= 0) _positive[Math.Min((int)(v * perBin), Bins - 1)]++;
            else _negative[Math.Min((int)(-v * perBin), Bins - 1)]++;
        }
        Count += values.Length;
    }

    /// <summary>The quantization range by <paramref name="method"/>; always holds 0.</summary>
    public (double Min, double Max) Range(RangeMethod method, double percentile = 99.99)
    {
        if (Count == 0) throw new InvalidOperationException("no values were collected");
        var low = Math.Min(Min, 0);
        var high = Math.Max(Max, 0);
        return method switch
        {
            RangeMethod.MinMax => (low, high),
            RangeMethod.Percentile => (-SideLimit(_negative, percentile, -low), SideLimit(_positive, percentile, high)),
            RangeMethod.Mse => BestFraction(low, high),
            _ => throw new ArgumentOutOfRangeException(nameof(method)),
        };
    }

    private void Grow(double largest)
    {
        if (_limit == 0) _limit = Math.Pow(2, Math.Ceiling(Math.Log2(Math.Max(largest, 1e-6) * 1.0001)));
        while (largest >= _limit)
        {
            foreach (var bins in new[] { _positive, _negative })
            {
                for (var i = 0; i < Bins / 2; i++) bins[i] = bins[2 * i] + bins[2 * i + 1];
                Array.Clear(bins, Bins / 2, Bins / 2);
            }
            _limit *= 2;
        }
    }

    private double BinWidth => _limit / Bins;

    /// <summary>The upper edge of the bin where the side's cumulative share reaches the percentile, capped at the side's extreme.</summary>
    private double SideLimit(long[] bins, double percentile, double extreme)
    {
        var total = bins.Sum();
        if (total == 0) return 0;
        var wanted = total * percentile / 100.0;
        long seen = 0;
        for (var i = 0; i < Bins; i++)
        {
            seen += bins[i];
            if (seen >= wanted) return Math.Min((i + 1) * BinWidth, extreme);
        }
        return extreme;
    }

    /// <summary>
    /// Scales min…max by the fraction f ∈ (0, 1] that minimizes the expected squared error per
    /// value: step²/12 for values inside the range, the squared distance to the edge outside.
    /// </summary>
    private (double Min, double Max) BestFraction(double low, double high)
    {
        var best = (Error: double.PositiveInfinity, Min: low, Max: high);
        for (var k = 1; k <= FractionSteps; k++)
        {
            var f = (double)k / FractionSteps;
            var (lo, hi) = (f * low, f * high);
            var step = (hi - lo) / 255;
            var error = SideError(_positive, hi, step) + SideError(_negative, -lo, step);
            if (error < best.Error) best = (error, lo, hi);
        }
        return (best.Min, best.Max);
    }

    private double SideError(long[] bins, double edge, double step)
    {
        var rounding = step * step / 12;
        double error = 0;
        for (var i = 0; i < Bins; i++)
        {
            if (bins[i] == 0) continue;
            var centre = (i + 0.5) * BinWidth;
            var outside = centre - edge;
            error += bins[i] * (outside > 0 ? outside * outside + rounding : rounding);
        }
        return error;
    }
}
