using LiveStyle.Core.Imaging;

namespace LiveStyle.Core.Temporal;

/// <summary>
/// Decides, per pixel of the stabilizer's decision grid (half the frame's size, in colour), how much
/// of the new output to take and where the history comes from.
/// </summary>
internal static class StabilizerDecision
{
    /// <summary>The frame as 2×2 means, planar RGB in 0…255, into <paramref name="target"/> (width × height of the decision grid).</summary>
    public static void HalfColour(PlanarImage input, float[] target, int width, int height)
    {
        var plane = input.PlaneSize;
        var targetPlane = width * height;
        var source = input.Data;
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < height; y++)
            {
                var top = c * plane + 2 * y * input.Width;
                var bottom = input.Height > 1 ? top + input.Width : top;
                var row = c * targetPlane + y * width;
                for (var x = 0; x < width; x++)
                {
                    var left = 2 * x;
                    var right = Math.Min(left + 1, input.Width - 1);
                    target[row + x] = (source[top + left] + source[top + right] + source[bottom + left] + source[bottom + right]) * (255f / 4);
                }
            }
        }
    }

    /// <summary>
    /// The new output's weight and the history's source per decision pixel. How much the colour
    /// changed is measured against the reference (the colour the history shows) twice: in place, and
    /// along the flow (the reference sampled where the flow says this pixel was); each as a 3×3 mean
    /// (about 6×6 frame pixels: single noisy pixels do not count, the surroundings of a change do).
    /// Whichever fits better is taken; standing still wins ties, because the flow spreads the motion of
    /// nearby things over still background and reads codec noise as motion. The weight is the still
    /// weight up to the noise level and grows to 1 at the change level (and with how far the pixel
    /// moved); 1 where the flow leaves the frame. However still its surroundings, a pixel whose own
    /// change exceeds the error bound takes enough of the new output that the history it keeps differs
    /// from what the frame shows by at most the bound.
    /// </summary>
    public static void Decide(StabilizerBuffers b, StabilizerSettings settings)
    {
        MeasureChanges(b);
        BoxMean3(b.StandingChange, b.StandingMean, b.MeanScratch, b.DecisionWidth, b.DecisionHeight);
        BoxMean3(b.FlowChange, b.FlowMean, b.MeanScratch, b.DecisionWidth, b.DecisionHeight);
        var range = settings.ChangeLevel - settings.NoiseLevel;
        var motionScale = 1f / settings.MotionLevel;
        var weight = b.Weight;
        var decided = b.DecisionFlow;
        for (var i = 0; i < weight.Length; i++)
        {
            var standing = b.StandingMean[i];
            var alongFlow = b.FlowMean[i];
            float change, own;
            if (standing <= settings.NoiseLevel || standing <= alongFlow)
            {
                decided[2 * i] = 0f;
                decided[2 * i + 1] = 0f;
                change = standing;
                own = b.StandingChange[i];
            }
            else
            {
                change = alongFlow;
                own = b.FlowChange[i];
            }
            float dx = decided[2 * i], dy = decided[2 * i + 1];
            var changed = Math.Clamp((change - settings.NoiseLevel) / range, 0f, 1f);
            var moved = Math.Min(1f, MathF.Sqrt(dx * dx + dy * dy) * motionScale);
            weight[i] = settings.StillWeight + (1f - settings.StillWeight) * Math.Max(changed, moved);
            if (own > settings.ErrorBound) weight[i] = MathF.Max(weight[i], 1f - settings.ErrorBound / own);
        }
    }

    /// <summary>Per decision pixel: the flow in full-size pixels, the change in place and the change along the flow (out of the frame: the largest).</summary>
    private static void MeasureChanges(StabilizerBuffers b)
    {
        var flow = StabilizerBuffers.Floats(b.FlowImage);
        var current = b.CurrentColour;
        var reference = b.Reference;
        int width = b.DecisionWidth, height = b.DecisionHeight, plane = width * height, smallWidth = b.SmallWidth;
        var flowToFull = (float)b.Factor;
        var decided = b.DecisionFlow;
        for (var y = 0; y < height; y++)
        {
            var r0 = b.FlowRowStart[y];
            var ry = b.FlowRowFraction[y];
            var rowA = r0 * smallWidth;
            var rowB = Math.Min(r0 + 1, b.SmallHeight - 1) * smallWidth;
            for (var x = 0; x < width; x++)
            {
                var i = y * width + x;
                b.StandingChange[i] = (MathF.Abs(current[i] - reference[i]) + MathF.Abs(current[i + plane] - reference[i + plane])
                    + MathF.Abs(current[i + 2 * plane] - reference[i + 2 * plane])) / 3;
                var c0 = b.FlowColumnStart[x];
                var c1 = Math.Min(c0 + 1, smallWidth - 1);
                var rx = b.FlowColumnFraction[x];
                var dx = Bilinear(flow, 2 * (rowA + c0), 2 * (rowA + c1), 2 * (rowB + c0), 2 * (rowB + c1), rx, ry) * flowToFull;
                var dy = Bilinear(flow, 2 * (rowA + c0) + 1, 2 * (rowA + c1) + 1, 2 * (rowB + c0) + 1, 2 * (rowB + c1) + 1, rx, ry) * flowToFull;
                decided[2 * i] = dx;
                decided[2 * i + 1] = dy;
                // The flow in full-size pixels; on the decision grid it is half as long.
                var sx = x + dx / 2;
                var sy = y + dy / 2;
                b.FlowChange[i] = sx >= 0 && sy >= 0 && sx <= width - 1 && sy <= height - 1
                    ? ChangeAlongFlow(current, reference, i, plane, width, height, sx, sy)
                    : 255f;
            }
        }
    }

    /// <summary>3×3 means of <paramref name="values"/> into <paramref name="means"/> (edges: the mean of the neighbours inside).</summary>
    public static void BoxMean3(float[] values, float[] means, float[] scratch, int width, int height)
    {
        for (var y = 0; y < height; y++)
        {
            var row = y * width;
            for (var x = 0; x < width; x++)
            {
                int left = Math.Max(x - 1, 0), right = Math.Min(x + 1, width - 1);
                var sum = 0f;
                for (var c = left; c <= right; c++) sum += values[row + c];
                scratch[row + x] = sum / (right - left + 1);
            }
        }
        for (var y = 0; y < height; y++)
        {
            int above = Math.Max(y - 1, 0), below = Math.Min(y + 1, height - 1);
            for (var x = 0; x < width; x++)
            {
                var sum = 0f;
                for (var r = above; r <= below; r++) sum += scratch[r * width + x];
                means[y * width + x] = sum / (below - above + 1);
            }
        }
    }

    private static float Bilinear(ReadOnlySpan<float> values, int topLeft, int topRight, int bottomLeft, int bottomRight, float fx, float fy)
    {
        var top = values[topLeft] + fx * (values[topRight] - values[topLeft]);
        var bottom = values[bottomLeft] + fx * (values[bottomRight] - values[bottomLeft]);
        return top + fy * (bottom - top);
    }

    /// <summary>The mean channel difference between this pixel and the reference at (sx, sy).</summary>
    private static float ChangeAlongFlow(float[] current, float[] reference, int i, int plane, int width, int height, float sx, float sy)
    {
        var x0 = Math.Min((int)sx, Math.Max(0, width - 2));
        var y0 = Math.Min((int)sy, Math.Max(0, height - 2));
        var x1 = Math.Min(x0 + 1, width - 1);
        var y1 = Math.Min(y0 + 1, height - 1);
        float fx = sx - x0, fy = sy - y0;
        var sum = 0f;
        for (var c = 0; c < 3; c++)
        {
            var offset = c * plane;
            var sample = Bilinear(reference, offset + y0 * width + x0, offset + y0 * width + x1, offset + y1 * width + x0, offset + y1 * width + x1, fx, fy);
            sum += MathF.Abs(current[offset + i] - sample);
        }
        return sum / 3;
    }

    /// <summary>
    /// For <paramref name="frames"/> frames after the new output replaced most of a pixel's history
    /// (weight ≥ ½), the pixel settles as the mean of the outputs since then (weight 1/(n + 1), never
    /// below its own), so that what the network drew around something passing by fades within those
    /// frames instead of staying behind as a trail.
    /// </summary>
    public static void Recover(float[] weights, byte[] framesSinceReplaced, int frames)
    {
        for (var i = 0; i < weights.Length; i++)
        {
            if (weights[i] >= 0.5f)
            {
                framesSinceReplaced[i] = 0;
                continue;
            }
            if (framesSinceReplaced[i] < byte.MaxValue) framesSinceReplaced[i]++;
            if (framesSinceReplaced[i] <= frames) weights[i] = MathF.Max(weights[i], 1f / (framesSinceReplaced[i] + 1));
        }
    }

    /// <summary>
    /// The reference colour for the next frame: the current reference sampled where each pixel's
    /// history came from, blended with the current colour by the pixel's weight (as the output is).
    /// </summary>
    public static void CarryReference(StabilizerBuffers b)
    {
        var reference = b.Reference;
        var next = b.NextReference;
        var current = b.CurrentColour;
        int width = b.DecisionWidth, height = b.DecisionHeight, plane = width * height;
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = y * width + x;
                var w = b.Weight[i];
                float dx = b.DecisionFlow[2 * i], dy = b.DecisionFlow[2 * i + 1];
                if (dx == 0f && dy == 0f)
                {
                    for (var c = 0; c < 3; c++)
                    {
                        var t = i + c * plane;
                        next[t] = reference[t] + w * (current[t] - reference[t]);
                    }
                    continue;
                }
                var sx = Math.Clamp(x + dx / 2, 0f, width - 1);
                var sy = Math.Clamp(y + dy / 2, 0f, height - 1);
                var x0 = Math.Min((int)sx, Math.Max(0, width - 2));
                var y0 = Math.Min((int)sy, Math.Max(0, height - 2));
                var x1 = Math.Min(x0 + 1, width - 1);
                var y1 = Math.Min(y0 + 1, height - 1);
                float fx = sx - x0, fy = sy - y0;
                for (var c = 0; c < 3; c++)
                {
                    var offset = c * plane;
                    var h = Bilinear(reference, offset + y0 * width + x0, offset + y0 * width + x1, offset + y1 * width + x0, offset + y1 * width + x1, fx, fy);
                    next[offset + i] = h + w * (current[offset + i] - h);
                }
            }
        }
        b.SwapReference();
    }
}
