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
}
