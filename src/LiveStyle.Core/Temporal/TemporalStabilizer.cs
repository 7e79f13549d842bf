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
    /// <summary>Decision rows per team item; full-size rows per blend item.</summary>
    private const int BandRows = 8;
    private readonly StabilizerSettings _settings;
    private StabilizerBuffers? _buffers;
    private bool _hasHistory;
    private readonly WorkerTeam.Job _prepare, _measure, _decide, _blend;
    private float[][] _rowScratch = [];
    private PlanarImage? _input, _output;

    public TemporalStabilizer(StabilizerSettings? settings = null)
    {
        _settings = settings ?? StabilizerSettings.Default;
        // Item 0 is the grey copy and the flow (OpenCV's Farneback runs on one thread); the others
        // are bands of the colour copy, done meanwhile by the rest of the team.
        _prepare = new WorkerTeam.Jobs((item, worker) =>
        {
            if (item == 0) GreyAndFlow(_input!, _buffers!, _rowScratch[worker], _hasHistory ? Math.Max(1, _settings.FlowIterations) : 0, Vectorized);
            else StabilizerDecision.ColourRows(_input!, _buffers!, (item - 1) * BandRows, Math.Min(item * BandRows, _buffers!.DecisionHeight), Vectorized);
        });
        _measure = new WorkerTeam.Jobs((item, worker) =>
            StabilizerDecision.MeasureRows(_buffers!, item * BandRows, Math.Min((item + 1) * BandRows, _buffers!.DecisionHeight), _rowScratch[worker], Vectorized));
        _decide = new WorkerTeam.Jobs((item, _) =>
            StabilizerDecision.DecideRows(_buffers!, _settings, item * BandRows, Math.Min((item + 1) * BandRows, _buffers!.DecisionHeight), Vectorized));
        _blend = new WorkerTeam.Jobs((item, worker) =>
            StabilizerBlend.Rows(_output!, _buffers!, item * BandRows, Math.Min((item + 1) * BandRows, _buffers!.Height), _rowScratch[worker], Vectorized, _settings));
    }

    /// <summary>Decides and blends 8 pixels a step (AVX2; true where the CPU has it); false: one pixel at a time, the same results.</summary>
    public bool Vectorized { get; init; } = Avx2.IsSupported;

    /// <summary>Forget the history: the next frame passes unchanged (a style change, a new video).</summary>
    public void Reset() => _hasHistory = false;

    /// <summary>
    /// Stabilizes <paramref name="output"/> in place. <paramref name="input"/> is the frame the
    /// network stylized (same size); frames must come in order.
    /// </summary>
    /// <param name="team">Threads to share the work with (the caller's among them); null: the caller alone.</param>
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
        EnsureRowScratch(team?.Size ?? 1, b.RowScratchLength);
        _input = input;
        _output = output;
        try
        {
            var decisionBands = (b.DecisionHeight + BandRows - 1) / BandRows;
            Run(team, _prepare, 1 + decisionBands);
            if (!_hasHistory)
            {
                Array.Fill(b.FramesSinceReplaced, byte.MaxValue);
                Array.Copy(b.CurrentColour, b.Reference, b.CurrentColour.Length);
                output.Data.CopyTo(b.History, 0);
                _hasHistory = true;
                return;
            }
            Run(team, _measure, decisionBands);
            Run(team, _decide, decisionBands);
            Run(team, _blend, (b.Height + BandRows - 1) / BandRows);
            b.SwapReference();
            b.SwapHistory();
        }
        finally
        {
            _input = null;
            _output = null;
        }
    }

    private static void Run(WorkerTeam? team, WorkerTeam.Job job, int items)
    {
        if (team is not null)
        {
            team.Run(job, items);
            return;
        }
        for (var item = 0; item < items; item++) job.Run(item, 0);
    }

    /// <summary>One row buffer per team member (a separate method: a lambda over Apply's locals would allocate on every call).</summary>
    private void EnsureRowScratch(int members, int length)
    {
        if (_rowScratch.Length >= members && _rowScratch[0].Length == length) return;
        _rowScratch = new float[members][];
        for (var i = 0; i < members; i++) _rowScratch[i] = new float[length];
    }

    /// <summary>The frame's grey copy at the flow grid's size, and (with a previous frame: iterations > 0) the flow from it to the previous one.</summary>
    private static void GreyAndFlow(PlanarImage input, StabilizerBuffers b, float[] rowScratch, int flowIterations, bool vectors)
    {
        b.SwapGrey();
        GreyDownsample(input, b.Factor, StabilizerBuffers.Bytes(b.CurrentGrey), rowScratch, b.SmallWidth, b.SmallHeight, vectors);
        if (flowIterations > 0) b.ComputeFlow(flowIterations);
    }

    /// <summary>
    /// Grey (BT.601 luma, 0…255) averaged over factor×factor blocks: per block row, each column's
    /// luma summed down its <paramref name="factor"/> rows (8 columns a step with AVX2), then
    /// <paramref name="factor"/> columns summed left to right.
    /// </summary>
    private static unsafe void GreyDownsample(PlanarImage input, int factor, Span<byte> target, float[] columnSums, int width, int height, bool vectors)
    {
        var plane = input.PlaneSize;
        var columns = width * factor;
        var scale = 255f / (factor * factor);
        var (red, green, blue) = (Vector256.Create(0.299f), Vector256.Create(0.587f), Vector256.Create(0.114f));
        fixed (float* data = input.Data)
        fixed (float* sums = columnSums)
        {
            for (var y = 0; y < height; y++)
            {
                new Span<float>(sums, columns).Clear();
                for (var dy = 0; dy < factor; dy++)
                {
                    var r = data + (y * factor + dy) * input.Width;
                    var g = r + plane;
                    var b = g + plane;
                    var p = 0;
                    if (vectors)
                    {
                        for (; p + 8 <= columns; p += 8)
                        {
                            var luma = red * Avx.LoadVector256(r + p) + green * Avx.LoadVector256(g + p) + blue * Avx.LoadVector256(b + p);
                            Avx.Store(sums + p, Avx.LoadVector256(sums + p) + luma);
                        }
                    }
                    for (; p < columns; p++) sums[p] += 0.299f * r[p] + 0.587f * g[p] + 0.114f * b[p];
                }
                var row = target.Slice(y * width, width);
                for (var x = 0; x < width; x++)
                {
                    var block = sums + x * factor;
                    var sum = block[0];
                    for (var k = 1; k < factor; k++) sum += block[k];
                    row[x] = (byte)Math.Min(sum * scale + 0.5f, 255f);
                }
            }
        }
    }

    public void Dispose() => _buffers?.Dispose();
}
