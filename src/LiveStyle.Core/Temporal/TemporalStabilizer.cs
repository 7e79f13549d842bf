using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using LiveStyle.Core.Imaging;
using LiveStyle.Core.Threading;

namespace LiveStyle.Core.Temporal;

/// <summary>
/// Removes the frame-to-frame shimmer of per-frame style transfer, for any network: the previous
/// stabilized output (the history) is blended with the new output, per pixel, by how much the frame
/// changed there (<see cref="StabilizerDecision"/>). Where nothing changed beyond sensor and codec
/// noise, the history stands still and the new output gets a small weight, so noise no longer moves
/// the strokes; where the frame changed in a way the optical flow (Farneback, on a small grey copy)
/// explains, the history is carried along the flow; where it changed otherwise (something moved that
/// the flow could not follow, an occlusion, a cut, a light change) the new output replaces the
/// history, so nothing ghosts. Buffers are made once per size: steady state allocates no managed memory.
/// </summary>
public sealed class TemporalStabilizer : IDisposable
{
    /// <summary>Flow below this many pixels counts as none: sampling a tenth of a pixel away would only blur.</summary>
    private const float StillFlow = 0.1f;
    private readonly StabilizerSettings _settings;
    private StabilizerBuffers? _buffers;
    private bool _hasHistory;
    private const int BandRows = 8;
    private readonly WorkerTeam.Job _blendBands;
    private float[][] _rowScratch = [];
    private PlanarImage? _blendOutput;

    public TemporalStabilizer(StabilizerSettings? settings = null)
    {
        _settings = settings ?? StabilizerSettings.Default;
        _blendBands = new WorkerTeam.Jobs((item, worker) =>
        {
            var first = item * BandRows;
            WarpAndBlend(_blendOutput!, _buffers!, first, Math.Min(first + BandRows, _buffers!.Height), _rowScratch[worker], Vectorized, _settings);
        });
    }

    /// <summary>Forget the history: the next frame passes unchanged (a style change, a new video).</summary>
    public void Reset() => _hasHistory = false;

    /// <summary>
    /// Stabilizes <paramref name="output"/> in place. <paramref name="input"/> is the frame the
    /// network stylized (same size); frames must come in order.
    /// </summary>
    /// <param name="team">Threads to share the per-pixel blending with (the caller's among them); null: the caller alone.</param>
    public void Apply(PlanarImage input, PlanarImage output, WorkerTeam? team = null)
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
        if (!_hasHistory) Array.Fill(b.FramesSinceReplaced, byte.MaxValue);
        b.SwapGrey();
        GreyDownsample(input, b.Factor, StabilizerBuffers.Bytes(b.CurrentGrey), b.RowScratch, b.SmallWidth, b.SmallHeight);
        StabilizerDecision.HalfColour(input, b.CurrentColour, b.DecisionWidth, b.DecisionHeight);
        if (_hasHistory)
        {
            b.ComputeFlow();
            StabilizerDecision.Decide(b, _settings);
            if (_settings.RecoverFrames > 0) StabilizerDecision.Recover(b.Weight, b.FramesSinceReplaced, _settings.RecoverFrames);
            if (team is null)
            {
                WarpAndBlend(output, b, 0, b.Height, b.RowScratch, Vectorized, _settings);
            }
            else
            {
                EnsureRowScratch(team.Size, b.RowScratch.Length);
                _blendOutput = output;
                try
                {
                    team.Run(_blendBands, (b.Height + BandRows - 1) / BandRows);
                }
                finally
                {
                    _blendOutput = null;
                }
            }
        }
        output.Data.CopyTo(b.History, 0);
        if (!_hasHistory) Array.Copy(b.CurrentColour, b.Reference, b.CurrentColour.Length);
        else StabilizerDecision.CarryReference(b);
        _hasHistory = true;
    }

    /// <summary>One row buffer per team member (a separate method: a lambda over Apply's locals would allocate on every call).</summary>
    private void EnsureRowScratch(int members, int length)
    {
        if (_rowScratch.Length >= members && _rowScratch[0].Length == length) return;
        _rowScratch = new float[members][];
        for (var i = 0; i < members; i++) _rowScratch[i] = new float[length];
    }

    /// <summary>Grey (BT.601 luma, 0…255) averaged over factor×factor blocks; one pass over the input rows.</summary>
    private static unsafe void GreyDownsample(PlanarImage input, int factor, Span<byte> target, float[] rowSums, int width, int height)
    {
        var plane = input.PlaneSize;
        var scale = 255f / (factor * factor);
        fixed (float* data = input.Data)
        fixed (float* sums = rowSums)
        {
            for (var y = 0; y < height; y++)
            {
                new Span<float>(sums, width).Clear();
                for (var dy = 0; dy < factor; dy++)
                {
                    var r = data + (y * factor + dy) * input.Width;
                    var g = r + plane;
                    var b = g + plane;
                    var p = 0;
                    for (var x = 0; x < width; x++)
                    {
                        var sum = 0f;
                        for (var end = p + factor; p < end; p++) sum += 0.299f * r[p] + 0.587f * g[p] + 0.114f * b[p];
                        sums[x] += sum;
                    }
                }
                var row = target.Slice(y * width, width);
                for (var x = 0; x < width; x++) row[x] = (byte)Math.Min(sums[x] * scale + 0.5f, 255f);
            }
        }
    }

    /// <summary>
    /// Per pixel: the flow and weight interpolated from the decision grid (rows first, once per
    /// output row), the last stabilized output sampled where the flow says this pixel was, and
    /// output = history + weight·(output − history), the step limited where the pixel stands still.
    /// </summary>
    private static unsafe void WarpAndBlend(PlanarImage output, StabilizerBuffers b, int firstRow, int endRow, float[] rowScratch, bool vectors, StabilizerSettings settings)
    {
        int width = b.Width, height = b.Height, gridWidth = b.DecisionWidth, gridHeight = b.DecisionHeight;
        var plane = width * height;
        var stillLimit = settings.StillWeight * 1.001f;
        var stillStep = settings.StillStep / 255f;
        fixed (float* flow = b.DecisionFlow)
        fixed (float* weights = b.Weight)
        fixed (float* history = b.History)
        fixed (float* o = output.Data)
        fixed (float* row = rowScratch)
        fixed (int* columnStart = b.ColumnStart)
        fixed (float* columnFraction = b.ColumnFraction)
        {
            for (var y = firstRow; y < endRow; y++)
            {
                // This output row's weight and flow at every small column: (weight, fx, fy) triples.
                var r0 = b.RowStart[y];
                var ry = b.RowFraction[y];
                var rowA = r0 * gridWidth;
                var rowB = Math.Min(r0 + 1, gridHeight - 1) * gridWidth;
                for (var c = 0; c < gridWidth; c++)
                {
                    row[3 * c] = weights[rowA + c] + ry * (weights[rowB + c] - weights[rowA + c]);
                    row[3 * c + 1] = flow[2 * (rowA + c)] + ry * (flow[2 * (rowB + c)] - flow[2 * (rowA + c)]);
                    row[3 * c + 2] = flow[2 * (rowA + c) + 1] + ry * (flow[2 * (rowB + c) + 1] - flow[2 * (rowA + c) + 1]);
                }
                var x = vectors ? WarpAndBlendVectors(o, history, row, columnStart, columnFraction, width, height, gridWidth, y, stillLimit, stillStep) : 0;
                for (; x < width; x++)
                {
                    var left = row + 3 * columnStart[x];
                    var right = columnStart[x] + 1 < gridWidth ? left + 3 : left;
                    var cx = columnFraction[x];
                    var weight = left[0] + cx * (right[0] - left[0]);
                    if (weight >= 0.999f) continue;   // the new output stands as it is
                    var step = weight <= stillLimit ? stillStep : float.PositiveInfinity;
                    var fx = left[1] + cx * (right[1] - left[1]);
                    var fy = left[2] + cx * (right[2] - left[2]);
                    var target = y * width + x;
                    if (MathF.Abs(fx) < StillFlow && MathF.Abs(fy) < StillFlow)
                    {
                        // Standing still (the common case in a still scene): the history pixel itself.
                        for (var t = target; t < 3 * plane; t += plane) o[t] = history[t] + weight * Math.Clamp(o[t] - history[t], -step, step);
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
                        o[t] = h + weight * Math.Clamp(o[t] - h, -step, step);
                    }
                }
            }
        }
    }

    /// <summary>Blends 8 pixels a step (AVX2 gathers; true where the CPU has them); false: one pixel at a time, the same results.</summary>
    public bool Vectorized { get; init; } = Avx2.IsSupported;

    /// <summary>
    /// <see cref="WarpAndBlend"/>'s per-pixel work for row <paramref name="y"/>, 8 pixels a step with the
    /// same arithmetic in the same order (so the same results); returns the first pixel it did not do.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe int WarpAndBlendVectors(float* o, float* history, float* row, int* columnStart, float* columnFraction,
        int width, int height, int gridWidth, int y, float stillLimit, float stillStep)
    {
        var plane = width * height;
        var lastColumn = Vector256.Create(gridWidth - 1);
        var three = Vector256.Create(3);
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
        var x = 0;
        for (; x + 8 <= width; x += 8)
        {
            var start = Avx.LoadVector256(columnStart + x);
            var left = Avx2.MultiplyLow(start, three);
            var right = Avx2.MultiplyLow(Avx2.Min(start + Vector256<int>.One, lastColumn), three);
            var cx = Avx.LoadVector256(columnFraction + x);
            var weightLeft = Avx2.GatherVector256(row, left, 4);
            var weight = weightLeft + cx * (Avx2.GatherVector256(row, right, 4) - weightLeft);
            var blend = Avx.CompareLessThan(weight, keep);
            if (Avx.MoveMask(blend) == 0) continue;   // the new output stands as it is
            var step = Avx.BlendVariable(infinity, stepSize, Avx.CompareLessThanOrEqual(weight, stillWeights));
            var fxLeft = Avx2.GatherVector256(row + 1, left, 4);
            var fyLeft = Avx2.GatherVector256(row + 2, left, 4);
            var fx = fxLeft + cx * (Avx2.GatherVector256(row + 1, right, 4) - fxLeft);
            var fy = fyLeft + cx * (Avx2.GatherVector256(row + 2, right, 4) - fyLeft);
            var target = y * width + x;
            var standing = Avx.And(Avx.CompareLessThan(Vector256.Abs(fx), still), Avx.CompareLessThan(Vector256.Abs(fy), still));
            var moving = Avx.AndNot(standing, blend);
            Vector256<float> ax = default, ay = default;
            Vector256<int> source = default;
            if (Avx.MoveMask(moving) != 0)
            {
                var px = Avx.Min(Avx.Max(Avx.ConvertToVector256Single(lanes + Vector256.Create(x)) + fx, Vector256<float>.Zero), maxX);
                var py = Avx.Min(Avx.Max(rowY + fy, Vector256<float>.Zero), maxY);
                var x0 = Avx2.Min(Avx.ConvertToVector256Int32WithTruncation(px), lastX0);
                var y0 = Avx2.Min(Avx.ConvertToVector256Int32WithTruncation(py), lastY0);
                ax = px - Avx.ConvertToVector256Single(x0);
                ay = py - Avx.ConvertToVector256Single(y0);
                source = Avx2.MultiplyLow(y0, Vector256.Create(width)) + x0;
            }
            for (var c = 0; c < 3; c++)
            {
                var channel = history + c * plane;
                var at = c * plane + target;
                var current = Avx.LoadVector256(o + at);
                var h = Avx.LoadVector256(channel + target);
                if (Avx.MoveMask(moving) != 0)
                {
                    var s00 = Avx2.GatherVector256(channel, source, 4);
                    var s01 = Avx2.GatherVector256(channel + 1, source, 4);
                    var s10 = Avx2.GatherVector256(channel + width, source, 4);
                    var s11 = Avx2.GatherVector256(channel + width + 1, source, 4);
                    var top = s00 + ax * (s01 - s00);
                    var bottom = s10 + ax * (s11 - s10);
                    h = Avx.BlendVariable(h, top + ay * (bottom - top), moving);
                }
                Avx.Store(o + at, Avx.BlendVariable(current, h + weight * Avx.Min(Avx.Max(current - h, -step), step), blend));
            }
        }
        return x;
    }

    public void Dispose() => _buffers?.Dispose();
}
