namespace LiveStyle.Core.Imaging;

/// <summary>For each target index: the first source index, how many follow, and their weights (summing to 1).</summary>
internal sealed class ResampleTable
{
    private readonly int[] _start;
    private readonly int[] _count;
    private readonly float[] _weights;
    private readonly int _stride;

    public ResampleTable(int sourceSize, int targetSize)
    {
        var scale = (double)sourceSize / targetSize;
        // Shrinking: a box as wide as one target pixel in source units. Enlarging: a tent of one source pixel.
        var radius = scale > 1 ? scale / 2 : 1.0;
        _stride = (int)Math.Ceiling(radius * 2) + 2;
        _start = new int[targetSize];
        _count = new int[targetSize];
        _weights = new float[targetSize * _stride];
        for (var t = 0; t < targetSize; t++)
        {
            var center = (t + 0.5) * scale;   // in source pixel units
            var first = Math.Max(0, (int)Math.Floor(center - radius));
            var last = Math.Min(sourceSize - 1, (int)Math.Ceiling(center + radius));
            double total = 0;
            var n = 0;
            for (var s = first; s <= last && n < _stride; s++)
            {
                var weight = scale > 1
                    ? Math.Max(0, Math.Min(s + 1, center + radius) - Math.Max(s, center - radius))   // overlap of [s, s+1) with the box
                    : Math.Max(0, 1 - Math.Abs(s + 0.5 - center));                                     // tent
                if (n == 0 && weight <= 0) { first = s + 1; continue; }
                _weights[t * _stride + n++] = (float)weight;
                total += weight;
            }
            if (total <= 0)
            {
                // At the very edge when enlarging: take the nearest source pixel.
                first = Math.Clamp((int)center, 0, sourceSize - 1);
                _weights[t * _stride] = 1;
                n = 1;
                total = 1;
            }
            for (var k = 0; k < n; k++) _weights[t * _stride + k] /= (float)total;
            _start[t] = first;
            _count[t] = n;
        }
    }

    /// <summary>The weights for <paramref name="target"/>; they apply to source indices from <paramref name="start"/> on.</summary>
    public ReadOnlySpan<float> For(int target, out int start)
    {
        start = _start[target];
        return _weights.AsSpan(target * _stride, _count[target]);
    }
}
