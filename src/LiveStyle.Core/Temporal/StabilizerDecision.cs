using LiveStyle.Core.Imaging;

namespace LiveStyle.Core.Temporal;

/// <summary>
/// Decides, per pixel of the stabilizer's decision grid (half the frame's size, in colour), how much
/// of the new output to take and where the history comes from. Three passes, each over a band of
/// decision rows (so that a team can share them): <see cref="ColourRows"/>, <see cref="MeasureRows"/>
/// (after the flow), <see cref="DecideRows"/> (after every row was measured: it reads the rows above
/// and below). Each pass does a row with <see cref="StabilizerDecisionVectors"/> where it can (8 pixels
/// a step, the same arithmetic in the same order) and the rest one pixel at a time here.
/// </summary>
internal static class StabilizerDecision
{
    /// <summary>
    /// The frame as 2×2 means (planar RGB in 0…255), how much it changed in place against the
    /// reference (the colour the history shows), and that change's row means.
    /// </summary>
    public static void ColourRows(PlanarImage input, StabilizerBuffers b, int firstRow, int endRow, bool vectors)
    {
        int width = b.DecisionWidth, plane = b.DecisionWidth * b.DecisionHeight, inputPlane = input.PlaneSize;
        var source = input.Data;
        var current = b.CurrentColour;
        var reference = b.Reference;
        for (var y = firstRow; y < endRow; y++)
        {
            var top = 2 * y * input.Width;
            var bottom = input.Height > 1 ? top + input.Width : top;
            var row = y * width;
            var x = vectors ? StabilizerDecisionVectors.HalfColourRow(source, current, top, bottom, inputPlane, row, plane, width) : 0;
            for (; x < width; x++)
            {
                var left = 2 * x;
                var right = Math.Min(left + 1, input.Width - 1);
                for (var c = 0; c < 3; c++)
                {
                    var s = c * inputPlane;
                    current[c * plane + row + x] = (source[s + top + left] + source[s + bottom + left] + (source[s + top + right] + source[s + bottom + right])) * (255f / 4);
                }
            }
            x = vectors ? StabilizerDecisionVectors.ChangeRow(current, reference, b.StandingChange, row, plane, width) : 0;
            for (; x < width; x++) b.StandingChange[row + x] = Change(current, reference, row + x, plane);
            RowMean(b.StandingChange, b.StandingRowMean, row, width, vectors);
        }
    }

    /// <summary>
    /// Per decision pixel: the flow in full-size pixels (interpolated from the flow grid), the
    /// reference sampled along it and how much the colour changed along it (out of the grid: 255),
    /// and that change's row means. <paramref name="flowRow"/>: 2 × the flow grid's width floats.
    /// </summary>
    public static void MeasureRows(StabilizerBuffers b, int firstRow, int endRow, float[] flowRow, bool vectors)
    {
        var flow = StabilizerBuffers.Floats(b.FlowImage);
        int width = b.DecisionWidth, height = b.DecisionHeight, plane = width * height, smallWidth = b.SmallWidth;
        for (var y = firstRow; y < endRow; y++)
        {
            // This decision row's flow at every flow-grid column, (dx, dy) pairs as in the flow image.
            var ry = b.FlowRowFraction[y];
            var rowA = flow.Slice(2 * b.FlowRowStart[y] * smallWidth, 2 * smallWidth);
            var rowB = flow.Slice(2 * Math.Min(b.FlowRowStart[y] + 1, b.SmallHeight - 1) * smallWidth, 2 * smallWidth);
            for (var k = 0; k < 2 * smallWidth; k++) flowRow[k] = rowA[k] + ry * (rowB[k] - rowA[k]);
            var row = y * width;
            var x = vectors ? StabilizerDecisionVectors.MeasureRow(b, flowRow, y) : 0;
            for (; x < width; x++)
            {
                var i = row + x;
                var c0 = b.FlowColumnStart[x];
                var c1 = Math.Min(c0 + 1, smallWidth - 1);
                var rx = b.FlowColumnFraction[x];
                var dx = (flowRow[2 * c0] + rx * (flowRow[2 * c1] - flowRow[2 * c0])) * b.Factor;
                var dy = (flowRow[2 * c0 + 1] + rx * (flowRow[2 * c1 + 1] - flowRow[2 * c0 + 1])) * b.Factor;
                b.FlowX[i] = dx;
                b.FlowY[i] = dy;
                // The flow in full-size pixels; on the decision grid it is half as long.
                var sx = x + dx * 0.5f;
                var sy = y + dy * 0.5f;
                var inside = sx >= 0f && sy >= 0f && sx <= width - 1 && sy <= height - 1;
                SampleReference(b.Reference, b.AlongFlow, i, plane, width, height, sx, sy);
                b.FlowChange[i] = inside ? Change(b.CurrentColour, b.AlongFlow, i, plane) : 255f;
            }
            RowMean(b.FlowChange, b.FlowRowMean, row, width, vectors);
        }
    }

    /// <summary>
    /// The new output's weight and the history's source per decision pixel, and the next reference.
    /// How much the colour changed is taken as a 3×3 mean (about 6×6 frame pixels: single noisy pixels
    /// do not count, the surroundings of a change do), in place and along the flow. Whichever fits
    /// better is taken; standing still wins ties, because the flow spreads the motion of nearby things
    /// over still background and reads codec noise as motion. The weight is the still weight up to the
    /// noise level and grows to 1 at the change level (and with how far the pixel moved); 1 where the
    /// flow leaves the frame. However still its surroundings, a pixel whose own change exceeds the
    /// error bound takes enough of the new output that the history it keeps differs from what the
    /// frame shows by at most the bound. For <see cref="StabilizerSettings.RecoverFrames"/> frames after
    /// the new output replaced most of a pixel's history (weight ≥ ½), the pixel settles as the mean of
    /// the outputs since then (weight 1/(n + 1), never below its own), so that what the network drew
    /// around something passing by fades within those frames instead of staying behind as a trail.
    /// The next reference is the reference where the history came from, blended by the same weight.
    /// </summary>
    public static void DecideRows(StabilizerBuffers b, StabilizerSettings settings, int firstRow, int endRow, bool vectors)
    {
        int width = b.DecisionWidth, height = b.DecisionHeight;
        var rule = new DecisionRule(settings);
        for (var y = firstRow; y < endRow; y++)
        {
            // The rows of the 3×3 mean: above (if any) to below (if any).
            var first = Math.Max(y - 1, 0);
            var rows = Math.Min(y + 1, height - 1) - first + 1;
            var x = vectors ? StabilizerDecisionVectors.DecideRow(b, rule, y, first, rows) : 0;
            for (; x < width; x++) DecidePixel(b, rule, y * width + x, first * width + x, rows);
        }
    }

    /// <summary>The settings as <see cref="DecideRows"/> uses them.</summary>
    internal readonly struct DecisionRule(StabilizerSettings settings)
    {
        public readonly float NoiseLevel = settings.NoiseLevel;
        public readonly float Range = settings.ChangeLevel - settings.NoiseLevel;
        public readonly float MotionScale = 1f / settings.MotionLevel;
        public readonly float StillWeight = settings.StillWeight;
        public readonly float ErrorBound = settings.ErrorBound;
        public readonly int RecoverFrames = settings.RecoverFrames;
    }

    private static void DecidePixel(StabilizerBuffers b, in DecisionRule rule, int i, int firstMean, int rows)
    {
        var width = b.DecisionWidth;
        var plane = width * b.DecisionHeight;
        var standing = ColumnMean(b.StandingRowMean, firstMean, rows, width);
        var alongFlow = ColumnMean(b.FlowRowMean, firstMean, rows, width);
        var stands = standing <= rule.NoiseLevel || standing <= alongFlow;
        var change = stands ? standing : alongFlow;
        var own = stands ? b.StandingChange[i] : b.FlowChange[i];
        if (stands)
        {
            b.FlowX[i] = 0f;
            b.FlowY[i] = 0f;
        }
        float dx = b.FlowX[i], dy = b.FlowY[i];
        var changed = Math.Clamp((change - rule.NoiseLevel) / rule.Range, 0f, 1f);
        var moved = Math.Min(1f, MathF.Sqrt(dx * dx + dy * dy) * rule.MotionScale);
        var weight = rule.StillWeight + (1f - rule.StillWeight) * Math.Max(changed, moved);
        if (own > rule.ErrorBound) weight = MathF.Max(weight, 1f - rule.ErrorBound / own);
        if (weight >= 0.5f)
        {
            b.FramesSinceReplaced[i] = 0;
        }
        else
        {
            var frames = Math.Min(b.FramesSinceReplaced[i] + 1, byte.MaxValue);
            b.FramesSinceReplaced[i] = frames;
            if (frames <= rule.RecoverFrames) weight = MathF.Max(weight, 1f / (frames + 1));
        }
        b.Weight[i] = weight;
        var source = stands ? b.Reference : b.AlongFlow;
        for (var t = i; t < 3 * plane; t += plane) b.NextReference[t] = source[t] + weight * (b.CurrentColour[t] - source[t]);
    }

    /// <summary>The mean over <paramref name="rows"/> rows from <paramref name="first"/> down (added top to bottom).</summary>
    private static float ColumnMean(float[] values, int first, int rows, int width)
    {
        var sum = values[first];
        for (var r = 1; r < rows; r++) sum += values[first + r * width];
        return sum / rows;
    }

    /// <summary>Each value's mean with its left and right neighbours (at the ends: the one inside), added left to right.</summary>
    private static void RowMean(float[] values, float[] means, int row, int width, bool vectors)
    {
        if (width == 1)
        {
            means[row] = values[row];
            return;
        }
        means[row] = (values[row] + values[row + 1]) / 2;
        var x = vectors ? StabilizerDecisionVectors.RowMeanInterior(values, means, row, width) : 1;
        for (; x < width - 1; x++) means[row + x] = (values[row + x - 1] + values[row + x] + values[row + x + 1]) / 3;
        means[row + width - 1] = (values[row + width - 2] + values[row + width - 1]) / 2;
    }

    /// <summary>The mean channel difference between two planar colour grids at pixel i.</summary>
    private static float Change(float[] a, float[] b, int i, int plane) =>
        (MathF.Abs(a[i] - b[i]) + MathF.Abs(a[i + plane] - b[i + plane]) + MathF.Abs(a[i + 2 * plane] - b[i + 2 * plane])) / 3;

    /// <summary>The reference bilinearly sampled at (sx, sy), clamped to the grid, into pixel i of <paramref name="target"/>.</summary>
    private static void SampleReference(float[] reference, float[] target, int i, int plane, int width, int height, float sx, float sy)
    {
        sx = Math.Clamp(sx, 0f, width - 1);
        sy = Math.Clamp(sy, 0f, height - 1);
        var x0 = Math.Min((int)sx, Math.Max(0, width - 2));
        var y0 = Math.Min((int)sy, Math.Max(0, height - 2));
        var x1 = Math.Min(x0 + 1, width - 1);
        var y1 = Math.Min(y0 + 1, height - 1);
        float fx = sx - x0, fy = sy - y0;
        for (var c = 0; c < 3; c++)
        {
            var offset = c * plane;
            var topLeft = reference[offset + y0 * width + x0];
            var bottomLeft = reference[offset + y1 * width + x0];
            var top = topLeft + fx * (reference[offset + y0 * width + x1] - topLeft);
            var bottom = bottomLeft + fx * (reference[offset + y1 * width + x1] - bottomLeft);
            target[offset + i] = top + fy * (bottom - top);
        }
    }
}
