using LiveStyle.Core.Threading;
using OpenCvSharp;

namespace LiveStyle.Core.Imaging;

/// <summary>
/// Scales 8-bit BGR frames of one size into planar float RGB of another in a single pass, with
/// weight tables computed once per pair of sizes, so the per-frame work allocates nothing. Bands of
/// rows can be shared among a <see cref="WorkerTeam"/>.
/// Shrinking averages the covered source area (no aliasing); enlarging interpolates linearly.
/// </summary>
public sealed class PlanarScaler
{
    private readonly ResampleTable _columns;
    private readonly ResampleTable _rows;
    private const int BandRows = 8;
    private readonly float[] _rowSum;
    private readonly WorkerTeam.Jobs _bands;
    private float[][] _rowSums = [];
    private Mat? _bgr;
    private PlanarImage? _target;

    public PlanarScaler(int sourceWidth, int sourceHeight, int targetWidth, int targetHeight)
    {
        SourceWidth = sourceWidth;
        SourceHeight = sourceHeight;
        TargetWidth = targetWidth;
        TargetHeight = targetHeight;
        _columns = new ResampleTable(sourceWidth, targetWidth);
        _rows = new ResampleTable(sourceHeight, targetHeight);
        _rowSum = new float[sourceWidth * 3];
        _bands = new WorkerTeam.Jobs((item, worker) =>
        {
            var first = item * BandRows;
            ScaleRows(_bgr!, _target!, first, Math.Min(first + BandRows, TargetHeight), _rowSums[worker]);
        });
    }

    public int SourceWidth { get; }
    public int SourceHeight { get; }
    public int TargetWidth { get; }
    public int TargetHeight { get; }

    /// <param name="team">Threads to share the rows with (the caller's among them); null: the caller alone.</param>
    public void Scale(Mat bgr, PlanarImage target, WorkerTeam? team = null)
    {
        if (bgr.Type() != MatType.CV_8UC3 || bgr.Cols != SourceWidth || bgr.Rows != SourceHeight)
            throw new ArgumentException($"expected an 8-bit BGR image of {SourceWidth}×{SourceHeight}");
        if (target.Width != TargetWidth || target.Height != TargetHeight)
            throw new ArgumentException($"expected a {TargetWidth}×{TargetHeight} target");
        if (team is null)
        {
            ScaleRows(bgr, target, 0, TargetHeight, _rowSum);
            return;
        }
        if (_rowSums.Length < team.Size) _rowSums = [.. Enumerable.Range(0, team.Size).Select(_ => new float[SourceWidth * 3])];
        (_bgr, _target) = (bgr, target);
        try
        {
            team.Run(_bands, (TargetHeight + BandRows - 1) / BandRows);
        }
        finally
        {
            (_bgr, _target) = (null, null);
        }
    }

    private unsafe void ScaleRows(Mat bgr, PlanarImage target, int firstRow, int endRow, float[] rowSum)
    {
        if (SourceWidth == TargetWidth && SourceHeight == TargetHeight)
        {
            // Same size (a camera at the inference size): every weight is 1, so this is the plain conversion, which is vectorized.
            ImageConversion.ToPlanarRows(bgr, target, firstRow, endRow);
            return;
        }
        var r = target.Plane(0);
        var g = target.Plane(1);
        var b = target.Plane(2);
        const float toUnit = 1f / 255f;
        for (var y = firstRow; y < endRow; y++)
        {
            // Vertical pass: weighted sum of the source rows this target row covers.
            Array.Clear(rowSum);
            var rowWeights = _rows.For(y, out var rowStart);
            for (var k = 0; k < rowWeights.Length; k++)
            {
                var weight = rowWeights[k];
                var source = new ReadOnlySpan<byte>((byte*)bgr.Ptr(rowStart + k), SourceWidth * 3);
                for (var i = 0; i < rowSum.Length; i++) rowSum[i] += weight * source[i];
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
                    sb += weight * rowSum[i];
                    sg += weight * rowSum[i + 1];
                    sr += weight * rowSum[i + 2];
                }
                r[offset + x] = sr * toUnit;
                g[offset + x] = sg * toUnit;
                b[offset + x] = sb * toUnit;
            }
        }
    }
}
