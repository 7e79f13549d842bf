using LiveStyle.Core.Imaging;

namespace LiveStyle.Core.Temporal;

/// <summary>
/// Removes the frame-to-frame shimmer of per-frame style transfer, for any network: the previous
/// stabilized output is carried to the current frame along the optical flow of the inputs
/// (Farneback, on a small grey copy) and blended with the new output. Where the motion-compensated
/// input did not change (only sensor noise), the new output gets a small weight, so noise no longer
/// moves the strokes; where it changed (something moved that the flow could not follow, an
/// occlusion, a cut, a light change) the new output replaces the history, so nothing ghosts.
/// Buffers are made once per size: steady state allocates no managed memory.
/// </summary>
public sealed class TemporalStabilizer : IDisposable
{
    private readonly StabilizerSettings _settings;
    private StabilizerBuffers? _buffers;
    private bool _hasHistory;

    public TemporalStabilizer(StabilizerSettings? settings = null)
    {
        _settings = settings ?? StabilizerSettings.Default;
    }

    /// <summary>Forget the history: the next frame passes unchanged (a style change, a new video).</summary>
    public void Reset() => _hasHistory = false;

    /// <summary>
    /// Stabilizes <paramref name="output"/> in place. <paramref name="input"/> is the frame the
    /// network stylized (same size); frames must come in order.
    /// </summary>
    public void Apply(PlanarImage input, PlanarImage output)
    {
        if (input.Width != output.Width || input.Height != output.Height)
            throw new ArgumentException($"input {input.Width}×{input.Height} and output {output.Width}×{output.Height} differ in size");
        if (_buffers is null || _buffers.Width != input.Width || _buffers.Height != input.Height)
        {
            _buffers?.Dispose();
            _buffers = new StabilizerBuffers(input.Width, input.Height, _settings.FlowShorterSide);
            _hasHistory = false;
        }
        var b = _buffers;
        b.SwapGrey();
        GreyDownsample(input, b.Factor, StabilizerBuffers.Bytes(b.CurrentGrey), b.SmallWidth, b.SmallHeight);
        if (_hasHistory)
        {
            b.ComputeFlow();
            ChangeWeights(b, _settings);
            Dilate(b.Weight, b.WeightScratch, b.SmallWidth, b.SmallHeight);
            WarpAndBlend(output, b);
        }
        output.Data.CopyTo(b.History, 0);
        _hasHistory = true;
    }

    /// <summary>Grey (BT.601 luma, 0…255) averaged over factor×factor blocks.</summary>
    private static void GreyDownsample(PlanarImage input, int factor, Span<byte> target, int width, int height)
    {
        var r = input.Plane(0);
        var g = input.Plane(1);
        var bl = input.Plane(2);
        var scale = 255f / (factor * factor);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var sum = 0f;
                for (var dy = 0; dy < factor; dy++)
                {
                    var row = (y * factor + dy) * input.Width + x * factor;
                    for (var dx = 0; dx < factor; dx++)
                        sum += 0.299f * r[row + dx] + 0.587f * g[row + dx] + 0.114f * bl[row + dx];
                }
                target[y * width + x] = (byte)Math.Clamp(sum * scale + 0.5f, 0f, 255f);
            }
        }
    }

    /// <summary>
    /// The new output's weight per small pixel: the larger of how much the input changed after
    /// motion compensation (the previous grey frame sampled along the flow, between the noise level
    /// and the change level) and how far it moved (up to the motion level); 1 where the flow leaves the frame.
    /// </summary>
    private static void ChangeWeights(StabilizerBuffers b, StabilizerSettings settings)
    {
        var flow = StabilizerBuffers.Floats(b.FlowImage);
        var current = StabilizerBuffers.Bytes(b.CurrentGrey);
        var previous = StabilizerBuffers.Bytes(b.PreviousGrey);
        var weight = b.Weight;
        int w = b.SmallWidth, h = b.SmallHeight;
        var range = settings.ChangeLevel - settings.NoiseLevel;
        var motionScale = b.Factor / settings.MotionLevel;   // small-image flow → full-size pixels → fraction of the motion level
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var i = y * w + x;
                var sx = x + flow[2 * i];
                var sy = y + flow[2 * i + 1];
                if (!(sx >= 0 && sy >= 0 && sx <= w - 1 && sy <= h - 1))
                {
                    weight[i] = 1f;
                    continue;
                }
                var x0 = Math.Min((int)sx, w - 2);
                var y0 = Math.Min((int)sy, h - 2);
                float fx = sx - x0, fy = sy - y0;
                var p = y0 * w + x0;
                var top = previous[p] + fx * (previous[p + 1] - previous[p]);
                var bottom = previous[p + w] + fx * (previous[p + w + 1] - previous[p + w]);
                var change = MathF.Abs(current[i] - (top + fy * (bottom - top)));
                var changed = Math.Clamp((change - settings.NoiseLevel) / range, 0f, 1f);
                var moved = Math.Min(1f, MathF.Sqrt(flow[2 * i] * flow[2 * i] + flow[2 * i + 1] * flow[2 * i + 1]) * motionScale);
                weight[i] = settings.StillWeight + (1f - settings.StillWeight) * Math.Max(changed, moved);
            }
        }
    }

    /// <summary>
    /// 3×3 maximum of the weights: a margin around every change, so the edges of a moving thing
    /// (where the smooth flow is least right) take the new output too.
    /// </summary>
    private static void Dilate(float[] weights, float[] scratch, int width, int height)
    {
        for (var y = 0; y < height; y++)
        {
            var row = y * width;
            for (var x = 0; x < width; x++)
                scratch[row + x] = MathF.Max(weights[row + Math.Max(x - 1, 0)], MathF.Max(weights[row + x], weights[row + Math.Min(x + 1, width - 1)]));
        }
        for (var y = 0; y < height; y++)
        {
            int above = Math.Max(y - 1, 0) * width, row = y * width, below = Math.Min(y + 1, height - 1) * width;
            for (var x = 0; x < width; x++)
                weights[row + x] = MathF.Max(scratch[above + x], MathF.Max(scratch[row + x], scratch[below + x]));
        }
    }

    /// <summary>
    /// Per pixel: the flow and weight interpolated from the small images, the last stabilized
    /// output sampled where the flow says this pixel was, and output = history + weight·(output − history).
    /// </summary>
    private static void WarpAndBlend(PlanarImage output, StabilizerBuffers b)
    {
        var flow = StabilizerBuffers.Floats(b.FlowImage);
        var weights = b.Weight;
        var history = b.History;
        var o = output.Data;
        int width = b.Width, height = b.Height, smallWidth = b.SmallWidth, smallHeight = b.SmallHeight;
        var plane = width * height;
        float factor = b.Factor;
        for (var y = 0; y < height; y++)
        {
            var r0 = b.RowStart[y];
            var ry = b.RowFraction[y];
            var rowA = r0 * smallWidth;
            var rowB = Math.Min(r0 + 1, smallHeight - 1) * smallWidth;
            for (var x = 0; x < width; x++)
            {
                var c0 = b.ColumnStart[x];
                var cx = b.ColumnFraction[x];
                var c1 = Math.Min(c0 + 1, smallWidth - 1);
                int i00 = rowA + c0, i01 = rowA + c1, i10 = rowB + c0, i11 = rowB + c1;
                var weight = Bilinear(weights[i00], weights[i01], weights[i10], weights[i11], cx, ry);
                if (weight >= 0.999f) continue;   // the new output stands as it is
                var fx = Bilinear(flow[2 * i00], flow[2 * i01], flow[2 * i10], flow[2 * i11], cx, ry);
                var fy = Bilinear(flow[2 * i00 + 1], flow[2 * i01 + 1], flow[2 * i10 + 1], flow[2 * i11 + 1], cx, ry);
                var px = Math.Clamp(x + fx * factor, 0f, width - 1);
                var py = Math.Clamp(y + fy * factor, 0f, height - 1);
                var x0 = Math.Min((int)px, width - 2);
                var y0 = Math.Min((int)py, height - 2);
                float ax = px - x0, ay = py - y0;
                var source = y0 * width + x0;
                var target = y * width + x;
                for (var c = 0; c < 3; c++)
                {
                    var p = c * plane + source;
                    var h = Bilinear(history[p], history[p + 1], history[p + width], history[p + width + 1], ax, ay);
                    var t = c * plane + target;
                    o[t] = h + weight * (o[t] - h);
                }
            }
        }
    }

    private static float Bilinear(float topLeft, float topRight, float bottomLeft, float bottomRight, float fx, float fy)
    {
        var top = topLeft + fx * (topRight - topLeft);
        var bottom = bottomLeft + fx * (bottomRight - bottomLeft);
        return top + fy * (bottom - top);
    }

    public void Dispose() => _buffers?.Dispose();
}
