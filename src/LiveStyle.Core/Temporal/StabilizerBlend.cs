using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using LiveStyle.Core.Imaging;

namespace LiveStyle.Core.Temporal;

/// <summary>
/// The stabilizer's per-pixel step at full size, over a band of rows: the flow and weight
/// interpolated from the decision grid (rows first, once per output row), the history sampled where
/// the flow says this pixel was, and output = history + weight·(output − history), the step limited
/// where the pixel stands still. The result is also written to the next history.
/// </summary>
internal static unsafe class StabilizerBlend
{
    /// <summary>Flow below this many pixels counts as none: sampling a tenth of a pixel away would only blur.</summary>
    public const float StillFlow = 0.1f;

    /// <param name="rowScratch">3 × the decision grid's width floats and 8 more (read past the end, unused): this row's weights, then x flows, then y flows.</param>
    public static void Rows(PlanarImage output, StabilizerBuffers b, int firstRow, int endRow, float[] rowScratch, bool vectors, StabilizerSettings settings)
    {
        int width = b.Width, height = b.Height, gridWidth = b.DecisionWidth, gridHeight = b.DecisionHeight;
        var plane = width * height;
        var stillLimit = settings.StillWeight * 1.001f;
        var stillStep = settings.StillStep / 255f;
        fixed (float* history = b.History)
        fixed (float* next = b.NextHistory)
        fixed (float* o = output.Data)
        fixed (float* row = rowScratch)
        fixed (int* columnStart = b.ColumnStart)
        fixed (float* columnFraction = b.ColumnFraction)
        {
            for (var y = firstRow; y < endRow; y++)
            {
                var rowA = b.RowStart[y] * gridWidth;
                var rowB = Math.Min(b.RowStart[y] + 1, gridHeight - 1) * gridWidth;
                var ry = b.RowFraction[y];
                Lerp(b.Weight, rowA, rowB, ry, row, gridWidth, vectors);
                Lerp(b.FlowX, rowA, rowB, ry, row + gridWidth, gridWidth, vectors);
                Lerp(b.FlowY, rowA, rowB, ry, row + 2 * gridWidth, gridWidth, vectors);
                var x = vectors ? RowVectors(o, history, next, row, columnStart, columnFraction, width, height, gridWidth, y, stillLimit, stillStep) : 0;
                for (; x < width; x++)
                {
                    var left = columnStart[x];
                    var right = left + 1 < gridWidth ? left + 1 : left;
                    var cx = columnFraction[x];
                    var weight = row[left] + cx * (row[right] - row[left]);
                    var target = y * width + x;
                    if (weight >= 0.999f)
                    {
                        // The new output stands as it is.
                        for (var t = target; t < 3 * plane; t += plane) next[t] = o[t];
                        continue;
                    }
                    var step = weight <= stillLimit ? stillStep : float.PositiveInfinity;
                    var fxRow = row + gridWidth;
                    var fyRow = row + 2 * gridWidth;
                    var fx = fxRow[left] + cx * (fxRow[right] - fxRow[left]);
                    var fy = fyRow[left] + cx * (fyRow[right] - fyRow[left]);
                    // A frame 1 pixel wide or high has no neighbours to interpolate between: it stands.
                    if (MathF.Abs(fx) < StillFlow && MathF.Abs(fy) < StillFlow || width < 2 || height < 2)
                    {
                        // Standing still (the common case in a still scene): the history pixel itself.
                        for (var t = target; t < 3 * plane; t += plane) next[t] = o[t] = history[t] + weight * Math.Clamp(o[t] - history[t], -step, step);
                        continue;
                    }
                    var px = Math.Clamp(x + fx, 0f, width - 1);
                    var py = Math.Clamp(y + fy, 0f, height - 1);
                    var x0 = Math.Min((int)px, width - 2);
                    var y0 = Math.Min((int)py, height - 2);
                    float ax = px - x0, ay = py - y0;
                    var source = history + y0 * width + x0;
                    for (var c = 0; c < 3; c++, source += plane)
                    {
                        var top = source[0] + ax * (source[1] - source[0]);
                        var bottom = source[width] + ax * (source[width + 1] - source[width]);
                        var h = top + ay * (bottom - top);
                        var t = c * plane + target;
                        next[t] = o[t] = h + weight * Math.Clamp(o[t] - h, -step, step);
                    }
                }
            }
        }
    }

    /// <summary>values[a + i] + fraction·(values[b + i] − values[a + i]) for i below <paramref name="count"/>.</summary>
    private static void Lerp(float[] values, int a, int b, float fraction, float* target, int count, bool vectors)
    {
        var i = 0;
        fixed (float* v = values)
        {
            if (vectors)
            {
                var f = Vector256.Create(fraction);
                for (; i + 8 <= count; i += 8)
                {
                    var first = Avx.LoadVector256(v + a + i);
                    Avx.Store(target + i, first + f * (Avx.LoadVector256(v + b + i) - first));
                }
            }
            for (; i < count; i++) target[i] = v[a + i] + fraction * (v[b + i] - v[a + i]);
        }
    }

    /// <summary>
    /// <see cref="Rows"/>'s per-pixel work for row <paramref name="y"/>, 8 pixels a step (AVX2 gathers)
    /// with the same arithmetic in the same order; returns the first pixel it did not do.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int RowVectors(float* o, float* history, float* next, float* row, int* columnStart, float* columnFraction,
        int width, int height, int gridWidth, int y, float stillLimit, float stillStep)
    {
        if (height < 2) return 0;
        var plane = width * height;
        var lastColumn = Vector256.Create(gridWidth - 1);
        var keep = Vector256.Create(0.999f);
        var stillWeights = Vector256.Create(stillLimit);
        var infinity = Vector256.Create(float.PositiveInfinity);
        var stepSize = Vector256.Create(stillStep);
        var still = Vector256.Create(StillFlow);
        var lanes = Vector256.Create(0, 1, 2, 3, 4, 5, 6, 7);
        var maxX = Vector256.Create((float)(width - 1));
        var maxY = Vector256.Create((float)(height - 1));
        var lastX0 = Vector256.Create(width - 2);
        var lastY0 = Vector256.Create(height - 2);
        var rowY = Vector256.Create((float)y);
        var fxRow = row + gridWidth;
        var fyRow = row + 2 * gridWidth;
        var x = 0;
        for (; x + 8 <= width; x += 8)
        {
            var target = y * width + x;
            var left = Avx.LoadVector256(columnStart + x);
            var right = Avx2.Min(left + Vector256<int>.One, lastColumn);
            var cx = Avx.LoadVector256(columnFraction + x);
            // The 8 pixels' grid columns lie within 8 of the first (upsampling): one load and a permute per row value instead of a gather.
            var first = columnStart[x];
            var near = right.GetElement(7) - first < 8;
            var (leftLane, rightLane) = (left - Vector256.Create(first), right - Vector256.Create(first));
            var weightLeft = near ? Avx2.PermuteVar8x32(Avx.LoadVector256(row + first), leftLane) : Avx2.GatherVector256(row, left, 4);
            var weightRight = near ? Avx2.PermuteVar8x32(Avx.LoadVector256(row + first), rightLane) : Avx2.GatherVector256(row, right, 4);
            var weight = weightLeft + cx * (weightRight - weightLeft);
            var blend = Avx.CompareLessThan(weight, keep);
            if (Avx.MoveMask(blend) == 0)
            {
                // The new output stands as it is.
                for (var t = target; t < 3 * plane; t += plane) Avx.Store(next + t, Avx.LoadVector256(o + t));
                continue;
            }
            var step = Avx.BlendVariable(infinity, stepSize, Avx.CompareLessThanOrEqual(weight, stillWeights));
            var fxLeft = near ? Avx2.PermuteVar8x32(Avx.LoadVector256(fxRow + first), leftLane) : Avx2.GatherVector256(fxRow, left, 4);
            var fyLeft = near ? Avx2.PermuteVar8x32(Avx.LoadVector256(fyRow + first), leftLane) : Avx2.GatherVector256(fyRow, left, 4);
            var fxRight = near ? Avx2.PermuteVar8x32(Avx.LoadVector256(fxRow + first), rightLane) : Avx2.GatherVector256(fxRow, right, 4);
            var fyRight = near ? Avx2.PermuteVar8x32(Avx.LoadVector256(fyRow + first), rightLane) : Avx2.GatherVector256(fyRow, right, 4);
            var fx = fxLeft + cx * (fxRight - fxLeft);
            var fy = fyLeft + cx * (fyRight - fyLeft);
            var standing = Avx.And(Avx.CompareLessThan(Vector256.Abs(fx), still), Avx.CompareLessThan(Vector256.Abs(fy), still));
            var moving = Avx.AndNot(standing, blend);
            var anyMoving = Avx.MoveMask(moving) != 0;
            Vector256<float> ax = default, ay = default;
            Vector256<int> source = default;
            var consecutive = false;
            if (anyMoving)
            {
                var px = Avx.Min(Avx.Max(Avx.ConvertToVector256Single(lanes + Vector256.Create(x)) + fx, Vector256<float>.Zero), maxX);
                var py = Avx.Min(Avx.Max(rowY + fy, Vector256<float>.Zero), maxY);
                var x0 = Avx2.Min(Avx.ConvertToVector256Int32WithTruncation(px), lastX0);
                var y0 = Avx2.Min(Avx.ConvertToVector256Int32WithTruncation(py), lastY0);
                ax = px - Avx.ConvertToVector256Single(x0);
                ay = py - Avx.ConvertToVector256Single(y0);
                source = Avx2.MultiplyLow(y0, Vector256.Create(width)) + x0;
                consecutive = StabilizerDecisionVectors.Consecutive(source);
            }
            for (var c = 0; c < 3; c++)
            {
                var channel = history + c * plane;
                var at = c * plane + target;
                var current = Avx.LoadVector256(o + at);
                var h = Avx.LoadVector256(channel + target);
                if (anyMoving)
                {
                    h = Avx.BlendVariable(h, StabilizerDecisionVectors.Bilinear(channel, source, consecutive, width, ax, ay), moving);
                }
                var result = Avx.BlendVariable(current, h + weight * Avx.Min(Avx.Max(current - h, -step), step), blend);
                Avx.Store(o + at, result);
                Avx.Store(next + at, result);
            }
        }
        return x;
    }
}
