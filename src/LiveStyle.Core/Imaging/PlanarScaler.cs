using OpenCvSharp;

namespace LiveStyle.Core.Imaging;

/// <summary>
/// Scales 8-bit BGR frames of one size into planar float RGB of another in a single pass, with
/// weight tables computed once per pair of sizes, so the per-frame work allocates nothing.
/// Shrinking averages the covered source area (no aliasing); enlarging interpolates linearly.
/// </summary>
public sealed class PlanarScaler
{
    private readonly ResampleTable _columns;
    private readonly ResampleTable _rows;
    private readonly float[] _rowSum;

    public PlanarScaler(int sourceWidth, int sourceHeight, int targetWidth, int targetHeight)
    {
        SourceWidth = sourceWidth;
        SourceHeight = sourceHeight;
        TargetWidth = targetWidth;
        TargetHeight = targetHeight;
        _columns = new ResampleTable(sourceWidth, targetWidth);
        _rows = new ResampleTable(sourceHeight, targetHeight);
        _rowSum = new float[sourceWidth * 3];
    }

    public int SourceWidth { get; }
    public int SourceHeight { get; }
    public int TargetWidth { get; }
    public int TargetHeight { get; }

    public unsafe void Scale(Mat bgr, PlanarImage target)
    {
        if (bgr.Type() != MatType.CV_8UC3 || bgr.Cols != SourceWidth || bgr.Rows != SourceHeight)
            throw new ArgumentException($"expected an 8-bit BGR image of {SourceWidth}×{SourceHeight}");
        if (target.Width != TargetWidth || target.Height != TargetHeight)
            throw new ArgumentException($"expected a {TargetWidth}×{TargetHeight} target");

        var r = target.Plane(0);
        var g = target.Plane(1);
        var b = target.Plane(2);
        const float toUnit = 1f / 255f;
        for (var y = 0; y < TargetHeight; y++)
        {
            // Vertical pass: weighted sum of the source rows this target row covers.
            Array.Clear(_rowSum);
            var rowWeights = _rows.For(y, out var rowStart);
            for (var k = 0; k < rowWeights.Length; k++)
            {
                var weight = rowWeights[k];
                var source = new ReadOnlySpan<byte>((byte*)bgr.Ptr(rowStart + k), SourceWidth * 3);
                for (var i = 0; i < _rowSum.Length; i++) _rowSum[i] += weight * source[i];
            }

            // Horizontal pass, splitting BGR into RGB planes.
            var offset = y * TargetWidth;
            for (var x = 0; x < TargetWidth; x++)
            {
                var colWeights = _columns.For(x, out var colStart);
                float sb = 0, sg = 0, sr = 0;
                for (var k = 0; k < colWeights.Length; k++)
                {
                    var weight = colWeights[k];
                    var i = 3 * (colStart + k);
                    sb += weight * _rowSum[i];
                    sg += weight * _rowSum[i + 1];
                    sr += weight * _rowSum[i + 2];
                }
                r[offset + x] = sr * toUnit;
                g[offset + x] = sg * toUnit;
                b[offset + x] = sb * toUnit;
            }
        }
    }

    /// <summary>For each target index: the first source index, how many follow, and their weights (summing to 1).</summary>
    private sealed class ResampleTable
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
}
