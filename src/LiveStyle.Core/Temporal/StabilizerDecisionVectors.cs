using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LiveStyle.Core.Temporal;

/// <summary>
/// <see cref="StabilizerDecision"/>'s per-row work 8 decision pixels a step (AVX2), with the same
/// arithmetic in the same order as its one-pixel-at-a-time code, so the same results. Each method
/// returns the first pixel of the row it did not do; the caller does the rest.
/// </summary>
internal static unsafe class StabilizerDecisionVectors
{
    /// <summary>2×2 means of one row pair of the frame, all three channels.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int HalfColourRow(float[] source, float[] target, int top, int bottom, int sourcePlane, int row, int plane, int width)
    {
        var scale = Vector256.Create(255f / 4);
        var x = 0;
        fixed (float* s = source)
        fixed (float* t = target)
        {
            for (var c = 0; c < 3; c++)
            {
                var above = s + c * sourcePlane + top;
                var below = s + c * sourcePlane + bottom;
                var into = t + c * plane + row;
                for (x = 0; x + 8 <= width; x += 8)
                {
                    var first = Avx.LoadVector256(above + 2 * x) + Avx.LoadVector256(below + 2 * x);
                    var second = Avx.LoadVector256(above + 2 * x + 8) + Avx.LoadVector256(below + 2 * x + 8);
                    // Pairwise sums within each 128-bit half, then the halves put in order.
                    var pairs = Avx.HorizontalAdd(first, second).AsDouble();
                    Avx.Store(into + x, Avx2.Permute4x64(pairs, 0b11_01_10_00).AsSingle() * scale);
                }
            }
        }
        return x;
    }

    /// <summary>The mean channel difference between the current colour and the reference along one row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int ChangeRow(float[] current, float[] reference, float[] change, int row, int plane, int width)
    {
        var x = 0;
        fixed (float* a = current)
        fixed (float* b = reference)
        fixed (float* into = change)
        {
            for (; x + 8 <= width; x += 8) Avx.Store(into + row + x, Change(a, b, row + x, plane));
        }
        return x;
    }

    /// <summary>Means of each value with its two neighbours for x = 1…; the caller does the last.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int RowMeanInterior(float[] values, float[] means, int row, int width)
    {
        var three = Vector256.Create(3f);
        var x = 1;
        fixed (float* v = values)
        fixed (float* m = means)
        {
            for (; x + 9 <= width; x += 8)
            {
                var p = v + row + x;
                Avx.Store(m + row + x, (Avx.LoadVector256(p - 1) + Avx.LoadVector256(p) + Avx.LoadVector256(p + 1)) / three);
            }
        }
        return x;
    }

    /// <summary><see cref="StabilizerDecision.MeasureRows"/> for decision row <paramref name="y"/> (needs a grid and a flow grid at least 2 wide and high).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int MeasureRow(StabilizerBuffers b, float[] flowRow, int y)
    {
        int width = b.DecisionWidth, height = b.DecisionHeight, plane = width * height;
        if (width < 2 || height < 2 || b.SmallWidth < 2) return 0;
        var factor = Vector256.Create((float)b.Factor);
        var half = Vector256.Create(0.5f);
        var lastColumn = Vector256.Create(b.SmallWidth - 1);
        var maxX = Vector256.Create((float)(width - 1));
        var maxY = Vector256.Create((float)(height - 1));
        var lastX0 = Vector256.Create(width - 2);
        var lastY0 = Vector256.Create(height - 2);
        var outside = Vector256.Create(255f);
        var rowY = Vector256.Create((float)y);
        var lanes = Vector256.Create(0f, 1f, 2f, 3f, 4f, 5f, 6f, 7f);
        var row = y * width;
        var x = 0;
        fixed (float* flows = flowRow)
        fixed (int* columnStart = b.FlowColumnStart)
        fixed (float* columnFraction = b.FlowColumnFraction)
        fixed (float* flowX = b.FlowX)
        fixed (float* flowY = b.FlowY)
        fixed (float* reference = b.Reference)
        fixed (float* along = b.AlongFlow)
        fixed (float* current = b.CurrentColour)
        fixed (float* flowChange = b.FlowChange)
        {
            for (; x + 8 <= width; x += 8)
            {
                var i = row + x;
                var c0 = Avx.LoadVector256(columnStart + x);
                var c1 = Avx2.Min(c0 + Vector256<int>.One, lastColumn);
                var left = c0 + c0;
                var right = c1 + c1;
                var rx = Avx.LoadVector256(columnFraction + x);
                var dxLeft = Avx2.GatherVector256(flows, left, 4);
                var dyLeft = Avx2.GatherVector256(flows + 1, left, 4);
                var dx = (dxLeft + rx * (Avx2.GatherVector256(flows, right, 4) - dxLeft)) * factor;
                var dy = (dyLeft + rx * (Avx2.GatherVector256(flows + 1, right, 4) - dyLeft)) * factor;
                Avx.Store(flowX + i, dx);
                Avx.Store(flowY + i, dy);
                var sx = Vector256.Create((float)x) + lanes + dx * half;
                var sy = rowY + dy * half;
                var inside = Avx.And(
                    Avx.And(Avx.CompareGreaterThanOrEqual(sx, Vector256<float>.Zero), Avx.CompareGreaterThanOrEqual(sy, Vector256<float>.Zero)),
                    Avx.And(Avx.CompareLessThanOrEqual(sx, maxX), Avx.CompareLessThanOrEqual(sy, maxY)));
                sx = Avx.Min(Avx.Max(sx, Vector256<float>.Zero), maxX);
                sy = Avx.Min(Avx.Max(sy, Vector256<float>.Zero), maxY);
                var x0 = Avx2.Min(Avx.ConvertToVector256Int32WithTruncation(sx), lastX0);
                var y0 = Avx2.Min(Avx.ConvertToVector256Int32WithTruncation(sy), lastY0);
                var fx = sx - Avx.ConvertToVector256Single(x0);
                var fy = sy - Avx.ConvertToVector256Single(y0);
                var topLeft = Avx2.MultiplyLow(y0, Vector256.Create(width)) + x0;
                var consecutive = Consecutive(topLeft);
                for (var c = 0; c < 3; c++) Avx.Store(along + c * plane + i, Bilinear(reference + c * plane, topLeft, consecutive, width, fx, fy));
                Avx.Store(flowChange + i, Avx.BlendVariable(outside, Change(current, along, i, plane), inside));
            }
        }
        return x;
    }

    /// <summary><see cref="StabilizerDecision.DecideRows"/> for decision row <paramref name="y"/>, whose 3×3 means take <paramref name="rows"/> rows from <paramref name="first"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int DecideRow(StabilizerBuffers b, in StabilizerDecision.DecisionRule rule, int y, int first, int rows)
    {
        int width = b.DecisionWidth, plane = width * b.DecisionHeight;
        var noise = Vector256.Create(rule.NoiseLevel);
        var range = Vector256.Create(rule.Range);
        var motionScale = Vector256.Create(rule.MotionScale);
        var stillWeight = Vector256.Create(rule.StillWeight);
        var oneMinusStill = Vector256.Create(1f - rule.StillWeight);
        var errorBound = Vector256.Create(rule.ErrorBound);
        var halfWeight = Vector256.Create(0.5f);
        var rowCount = Vector256.Create((float)rows);
        var saturated = Vector256.Create((int)byte.MaxValue);
        var recoverFrames = Vector256.Create(rule.RecoverFrames);
        var one = Vector256.Create(1f);
        var row = y * width;
        var x = 0;
        fixed (float* standingRows = b.StandingRowMean)
        fixed (float* flowRows = b.FlowRowMean)
        fixed (float* standingChange = b.StandingChange)
        fixed (float* flowChange = b.FlowChange)
        fixed (float* flowX = b.FlowX)
        fixed (float* flowY = b.FlowY)
        fixed (int* framesSince = b.FramesSinceReplaced)
        fixed (float* weights = b.Weight)
        fixed (float* reference = b.Reference)
        fixed (float* along = b.AlongFlow)
        fixed (float* current = b.CurrentColour)
        fixed (float* next = b.NextReference)
        {
            for (; x + 8 <= width; x += 8)
            {
                var i = row + x;
                var standing = ColumnSum(standingRows + first * width + x, rows, width) / rowCount;
                var alongFlow = ColumnSum(flowRows + first * width + x, rows, width) / rowCount;
                var stands = Avx.Or(Avx.CompareLessThanOrEqual(standing, noise), Avx.CompareLessThanOrEqual(standing, alongFlow));
                var change = Avx.BlendVariable(alongFlow, standing, stands);
                var own = Avx.BlendVariable(Avx.LoadVector256(flowChange + i), Avx.LoadVector256(standingChange + i), stands);
                var dx = Avx.AndNot(stands, Avx.LoadVector256(flowX + i));
                var dy = Avx.AndNot(stands, Avx.LoadVector256(flowY + i));
                Avx.Store(flowX + i, dx);
                Avx.Store(flowY + i, dy);
                var changed = Avx.Min(Avx.Max((change - noise) / range, Vector256<float>.Zero), one);
                var moved = Avx.Min(one, Avx.Sqrt(dx * dx + dy * dy) * motionScale);
                var weight = stillWeight + oneMinusStill * Avx.Max(changed, moved);
                weight = Avx.BlendVariable(weight, Avx.Max(weight, one - errorBound / own), Avx.CompareGreaterThan(own, errorBound));
                var replaced = Avx.CompareGreaterThanOrEqual(weight, halfWeight).AsInt32();
                var frames = Avx2.Min(Avx.LoadVector256(framesSince + i) + Vector256<int>.One, saturated);
                Avx.Store(framesSince + i, Avx2.AndNot(replaced, frames));
                var settled = Avx2.Or(replaced, Avx2.CompareGreaterThan(frames, recoverFrames)).AsSingle();
                var recovered = Avx.Max(weight, one / Avx.ConvertToVector256Single(frames + Vector256<int>.One));
                weight = Avx.BlendVariable(recovered, weight, settled);
                Avx.Store(weights + i, weight);
                for (var c = 0; c < 3; c++)
                {
                    var t = c * plane + i;
                    var source = Avx.BlendVariable(Avx.LoadVector256(along + t), Avx.LoadVector256(reference + t), stands);
                    Avx.Store(next + t, source + weight * (Avx.LoadVector256(current + t) - source));
                }
            }
        }
        return x;
    }

    /// <summary>Whether the 8 indices follow each other (a steady flow): then 8 plain loads replace a gather.</summary>
    public static bool Consecutive(Vector256<int> indices) =>
        Avx.MoveMask(Avx2.CompareEqual(indices - Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7), Vector256.Create(indices.ToScalar())).AsSingle()) == 0xFF;

    /// <summary>
    /// A plane bilinearly sampled at 8 points: <paramref name="topLeft"/> the index of each point's
    /// upper left neighbour (the other three are +1, +width, +width+1), (fx, fy) the fractions.
    /// </summary>
    public static Vector256<float> Bilinear(float* plane, Vector256<int> topLeft, bool consecutive, int width, Vector256<float> fx, Vector256<float> fy)
    {
        Vector256<float> s00, s01, s10, s11;
        if (consecutive)
        {
            var p = plane + topLeft.ToScalar();
            (s00, s01, s10, s11) = (Avx.LoadVector256(p), Avx.LoadVector256(p + 1), Avx.LoadVector256(p + width), Avx.LoadVector256(p + width + 1));
        }
        else
        {
            s00 = Avx2.GatherVector256(plane, topLeft, 4);
            s01 = Avx2.GatherVector256(plane + 1, topLeft, 4);
            s10 = Avx2.GatherVector256(plane + width, topLeft, 4);
            s11 = Avx2.GatherVector256(plane + width + 1, topLeft, 4);
        }
        var top = s00 + fx * (s01 - s00);
        var bottom = s10 + fx * (s11 - s10);
        return top + fy * (bottom - top);
    }

    /// <summary>The sum over <paramref name="rows"/> rows from <paramref name="first"/> down, added top to bottom.</summary>
    private static Vector256<float> ColumnSum(float* first, int rows, int width)
    {
        var sum = Avx.LoadVector256(first);
        for (var r = 1; r < rows; r++) sum += Avx.LoadVector256(first + r * width);
        return sum;
    }

    private static Vector256<float> Change(float* a, float* b, int i, int plane)
    {
        var third = Vector256.Create(3f);
        var red = Vector256.Abs(Avx.LoadVector256(a + i) - Avx.LoadVector256(b + i));
        var green = Vector256.Abs(Avx.LoadVector256(a + plane + i) - Avx.LoadVector256(b + plane + i));
        var blue = Vector256.Abs(Avx.LoadVector256(a + 2 * plane + i) - Avx.LoadVector256(b + 2 * plane + i));
        return (red + green + blue) / third;
    }
}
