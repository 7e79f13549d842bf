namespace LiveStyle.Core.Imaging;

/// <summary>
/// Resizes planar float images of one size into another (area average when shrinking, linear when
/// enlarging), with weight tables made once per pair of sizes, so a resize allocates nothing.
/// </summary>
public sealed class PlanarResizer
{
    private readonly ResampleTable _columns;
    private readonly ResampleTable _rows;
    private readonly float[] _rowSum;

    public PlanarResizer(int sourceWidth, int sourceHeight, int targetWidth, int targetHeight)
    {
        SourceWidth = sourceWidth;
        SourceHeight = sourceHeight;
        TargetWidth = targetWidth;
        TargetHeight = targetHeight;
        _columns = new ResampleTable(sourceWidth, targetWidth);
        _rows = new ResampleTable(sourceHeight, targetHeight);
        _rowSum = new float[sourceWidth];
    }

    public int SourceWidth { get; }
    public int SourceHeight { get; }
    public int TargetWidth { get; }
    public int TargetHeight { get; }

    public void Resize(PlanarImage source, PlanarImage target)
    {
        if (source.Width != SourceWidth || source.Height != SourceHeight || target.Width != TargetWidth || target.Height != TargetHeight)
            throw new ArgumentException($"expected {SourceWidth}×{SourceHeight} → {TargetWidth}×{TargetHeight}");
        for (var channel = 0; channel < 3; channel++)
        {
            ReadOnlySpan<float> from = source.Plane(channel);
            var to = target.Plane(channel);
            for (var y = 0; y < TargetHeight; y++)
            {
                Array.Clear(_rowSum);
                var rowWeights = _rows.For(y, out var rowStart);
                for (var k = 0; k < rowWeights.Length; k++)
                {
                    var weight = rowWeights[k];
                    var row = from.Slice((rowStart + k) * SourceWidth, SourceWidth);
                    for (var x = 0; x < SourceWidth; x++) _rowSum[x] += weight * row[x];
                }
                var offset = y * TargetWidth;
                for (var x = 0; x < TargetWidth; x++)
                {
                    var colWeights = _columns.For(x, out var colStart);
                    var sum = 0f;
                    for (var k = 0; k < colWeights.Length; k++) sum += colWeights[k] * _rowSum[colStart + k];
                    to[offset + x] = sum;
                }
            }
        }
    }
}
