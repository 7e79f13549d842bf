using System.Numerics;

namespace LiveStyle.Core.Imaging;

/// <summary>
/// The mean over a (2r+1)×(2r+1) window of one float plane, the window cut at the borders and the mean
/// taken over the pixels it still holds (as the guided filter's paper normalizes): a running sum along
/// each row, then one down the columns, so the cost does not grow with the radius.
/// </summary>
public sealed class BoxMean
{
    private readonly int _width;
    private readonly int _height;
    private readonly int _radius;
    private readonly float[] _inverseColumnCounts;
    private readonly float[] _inverseRowCounts;

    public BoxMean(int width, int height, int radius)
    {
        if (width <= 0 || height <= 0 || radius < 0) throw new ArgumentOutOfRangeException(nameof(radius), "a box mean needs a positive size and a radius of 0 or more");
        (_width, _height, _radius) = (width, height, radius);
        _inverseColumnCounts = InverseCounts(width, radius);
        _inverseRowCounts = InverseCounts(height, radius);
    }

    /// <summary>Floats of scratch one <see cref="Apply"/> needs: a plane and a row.</summary>
    public int ScratchLength => _width * _height + _width;

    /// <summary>1 / (pixels of the cut window) at each position along a side of length n.</summary>
    private static float[] InverseCounts(int n, int radius) =>
        [.. Enumerable.Range(0, n).Select(i => 1f / (Math.Min(i + radius, n - 1) - Math.Max(i - radius, 0) + 1))];

    /// <summary>The box mean of <paramref name="source"/> into <paramref name="target"/> (not the same plane).</summary>
    public void Apply(ReadOnlySpan<float> source, Span<float> target, Span<float> scratch)
    {
        int w = _width, h = _height, r = _radius;
        if (source.Length < w * h || target.Length < w * h || scratch.Length < ScratchLength) throw new ArgumentException("a plane is smaller than the box mean's size");
        var rows = scratch[..(w * h)];
        var sums = scratch.Slice(w * h, w);
        // Along each row: the window's running sum, which gains x+r and loses x−r−1.
        for (var y = 0; y < h; y++)
        {
            var line = source.Slice(y * w, w);
            var output = rows.Slice(y * w, w);
            var sum = 0f;
            for (var x = 0; x < Math.Min(r, w); x++) sum += line[x];
            for (var x = 0; x < w; x++)
            {
                if (x + r < w) sum += line[x + r];
                if (x > r) sum -= line[x - r - 1];
                output[x] = sum * _inverseColumnCounts[x];
            }
        }
        // Down the columns, a whole row at a time: the same running sum, row by row.
        sums.Clear();
        for (var y = 0; y < Math.Min(r, h); y++) RowMath.Add(sums, rows.Slice(y * w, w));
        for (var y = 0; y < h; y++)
        {
            if (y + r < h) RowMath.Add(sums, rows.Slice((y + r) * w, w));
            if (y > r) RowMath.Subtract(sums, rows.Slice((y - r - 1) * w, w));
            RowMath.Scale(sums, _inverseRowCounts[y], target.Slice(y * w, w));
        }
    }
}

/// <summary>Element-wise row arithmetic, a vector at a time.</summary>
internal static class RowMath
{
    public static void Add(Span<float> a, ReadOnlySpan<float> b)
    {
        var i = 0;
        for (; i + Vector<float>.Count <= a.Length; i += Vector<float>.Count)
            (new Vector<float>(a[i..]) + new Vector<float>(b[i..])).CopyTo(a[i..]);
        for (; i < a.Length; i++) a[i] += b[i];
    }

    public static void Subtract(Span<float> a, ReadOnlySpan<float> b)
    {
        var i = 0;
        for (; i + Vector<float>.Count <= a.Length; i += Vector<float>.Count)
            (new Vector<float>(a[i..]) - new Vector<float>(b[i..])).CopyTo(a[i..]);
        for (; i < a.Length; i++) a[i] -= b[i];
    }

    public static void Scale(ReadOnlySpan<float> a, float factor, Span<float> target)
    {
        var i = 0;
        for (; i + Vector<float>.Count <= a.Length; i += Vector<float>.Count)
            (new Vector<float>(a[i..]) * factor).CopyTo(target[i..]);
        for (; i < a.Length; i++) target[i] = a[i] * factor;
    }
}
