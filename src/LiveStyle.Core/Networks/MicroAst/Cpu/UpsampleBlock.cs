using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using LiveStyle.Core.Threading;

namespace LiveStyle.Core.Networks.MicroAst.Cpu;

/// <summary>
/// One step of the decoder's tail: bilinear ×2 (half-pixel centres, edges clamped), a reflect-padded
/// 3×3 conv with two inputs per output (ReLU), a 1×1 conv (ReLU): dec3.1 + dec3.3 and dec3.6 + dec3.8.
/// Done in strips of rows, each inside one thread's scratch, so the upsampled planes never leave its cache.
/// </summary>
internal sealed class UpsampleBlock
{
    private const int StripRows = 8;

    private readonly PaddedPlanes _input;
    private readonly PaddedPlanes _output;
    private readonly (float[] Weights, float[] Bias) _grouped;
    private readonly (float[] Weights, float[] Bias) _mix;
    private readonly Scratch[] _scratch;
    private readonly WorkerTeam.Job _job;

    /// <param name="input">C channels, no padding.</param>
    /// <param name="grouped">[C/2][2][tap] and [C/2]: output o reads inputs 2o and 2o+1.</param>
    /// <param name="mix">[C/2 in][C/2 out] and [C/2].</param>
    /// <param name="output">C/2 channels at twice the input's size; its border is filled by reflection.</param>
    /// <param name="wide">AVX-512 (16 floats a vector); otherwise AVX2 (8).</param>
    public UpsampleBlock(PaddedPlanes input, (float[], float[]) grouped, (float[], float[]) mix, PaddedPlanes output, int workers, bool wide)
    {
        if (input.Pad != 0 || output.Channels * 2 != input.Channels || output.Width != 2 * input.Width || output.Height != 2 * input.Height || output.Channels % 16 != 0)
            throw new ArgumentException("an upsampling block halves the channels and doubles the size (16 or more outputs)");
        _input = input;
        _output = output;
        _grouped = grouped;
        _mix = mix;
        _scratch = [.. Enumerable.Range(0, workers).Select(_ => new Scratch(output.Width, output.Channels))];
        _job = wide ? new StripJob<Lanes512, Vector512<float>>(this) : new StripJob<Lanes256, Vector256<float>>(this);
    }

    /// <summary>Called with each output row once it is complete (its border columns too), on the thread that made it, while it is in that thread's cache.</summary>
    public Action<int>? RowDone { get; init; }

    public void Run(WorkerTeam team)
    {
        if (team.Size > _scratch.Length) throw new ArgumentException("the team is larger than the scratch spaces made for it");
        team.Run(_job, (_output.Height + StripRows - 1) / StripRows);
        _output.ReflectRows();
    }

    private void Strip<TLanes, TVector>(int first, Scratch scratch)
        where TLanes : IFloatLanes<TVector> where TVector : struct
    {
        var rows = Math.Min(StripRows, _output.Height - first);
        for (var o = 0; o < _output.Channels; o++)
        {
            for (var j = 0; j < 2; j++)
                for (var k = 0; k < rows + 2; k++)
                    UpsampleRow<TLanes, TVector>(2 * o + j, PaddedPlanes.Reflect(first - 1 + k, _output.Height), scratch, scratch.UpRow(j, k));
            for (var k = 0; k < rows; k++) GroupedRow<TLanes, TVector>(o, k, scratch);
        }
        for (var k = 0; k < rows; k++)
        {
            for (var o = 0; o < _output.Channels; o += 16)
                Pointwise.Row<TLanes, TVector>(scratch.Grouped, k, _mix.Weights, _mix.Bias, o, _output, first + k);
            for (var c = 0; c < _output.Channels; c++) _output.ReflectColumns(c, first + k);
            RowDone?.Invoke(first + k);
        }

    }

    /// <summary>Row <paramref name="y"/> of input channel <paramref name="c"/> at twice the size, reflect-padded by 1, into the scratch at <paramref name="at"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void UpsampleRow<TLanes, TVector>(int c, int y, Scratch scratch, int at)
        where TLanes : IFloatLanes<TVector> where TVector : struct
    {
        int w = _input.Width, h = _input.Height, fullWidth = _output.Width;
        // Source row y/2−¼ for even y, y/2+¼ for odd y (half-pixel centres), neighbours clamped at the edges.
        var i = y >> 1;
        var far = (y & 1) == 0 ? Math.Max(i - 1, 0) : Math.Min(i + 1, h - 1);
        ref var near = ref _input.Data[_input.Row(c, i)];
        ref var farRow = ref _input.Data[_input.Row(c, far)];
        var quarter = TLanes.Create(0.25f);
        var threeQuarters = TLanes.Create(0.75f);
        var lanes = TLanes.Count;
        var up = scratch.Up;
        ref var u = ref up[at];
        // The source row's vertical blend is made in registers, once per vector of pixels; its neighbours at x−1
        // and x+1 are shifted in from the blocks before and after (a line buffer written and read back at
        // other offsets stalled on store forwarding); the row's ends repeat their pixel.
        var x = 0;
        if (w >= lanes)
        {
            var centre = Blend<TLanes, TVector>(ref near, ref farRow, 0, threeQuarters, quarter);
            var left = TLanes.LeftNeighboursAtStart(centre);
            for (; x + lanes <= w; x += lanes)
            {
                var next = centre;
                TVector right;
                if (x + 2 * lanes <= w)
                {
                    next = Blend<TLanes, TVector>(ref near, ref farRow, x + lanes, threeQuarters, quarter);
                    right = TLanes.RightNeighbours(centre, next);
                }
                else
                {
                    right = x + lanes == w ? TLanes.RightNeighboursAtEnd(centre) : Blend<TLanes, TVector>(ref near, ref farRow, x + 1, threeQuarters, quarter);
                }
                var even = TLanes.MultiplyAdd(centre, threeQuarters, TLanes.Multiply(left, quarter));
                var odd = TLanes.MultiplyAdd(centre, threeQuarters, TLanes.Multiply(right, quarter));
                TLanes.Store(TLanes.InterleaveLower(even, odd), ref u, (nuint)(1 + 2 * x));
                TLanes.Store(TLanes.InterleaveUpper(even, odd), ref u, (nuint)(1 + lanes + 2 * x));
                left = TLanes.LeftNeighboursOfNext(centre, next);
                centre = next;
            }
        }
        for (; x < w; x++)
        {
            var centre = BlendAt(ref near, ref farRow, x, w);
            up[at + 1 + 2 * x] = 0.75f * centre + 0.25f * BlendAt(ref near, ref farRow, x - 1, w);
            up[at + 2 + 2 * x] = 0.75f * centre + 0.25f * BlendAt(ref near, ref farRow, x + 1, w);
        }
        up[at] = up[at + 2];
        up[at + fullWidth + 1] = up[at + fullWidth - 1];
    }

    private static TVector Blend<TLanes, TVector>(ref float near, ref float far, int x, TVector threeQuarters, TVector quarter)
        where TLanes : IFloatLanes<TVector> where TVector : struct =>
        TLanes.MultiplyAdd(TLanes.Load(ref near, (nuint)x), threeQuarters, TLanes.Multiply(TLanes.Load(ref far, (nuint)x), quarter));

    private static float BlendAt(ref float near, ref float far, int x, int width)
    {
        x = Math.Clamp(x, 0, width - 1);
        return MathF.FusedMultiplyAdd(Unsafe.Add(ref near, x), 0.75f, Unsafe.Add(ref far, x) * 0.25f);
    }

    /// <summary>The grouped conv for output channel <paramref name="o"/>, strip row <paramref name="k"/>: upsampled rows k…k+2 of its two inputs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void GroupedRow<TLanes, TVector>(int o, int k, Scratch scratch)
        where TLanes : IFloatLanes<TVector> where TVector : struct
    {
        var width = _output.Width;
        var lanes = TLanes.Count;
        var output = scratch.Grouped.Row(o, k);
        var weights = _grouped.Weights.AsSpan(o * 18, 18);
        if (width < lanes)
        {
            for (var i = 0; i < width; i++)
            {
                var sum = _grouped.Bias[o];
                for (var j = 0; j < 2; j++)
                    for (var ky = 0; ky < 3; ky++)
                        for (var kx = 0; kx < 3; kx++)
                            sum += scratch.Up[scratch.UpRow(j, k + ky) + i + kx] * weights[j * 9 + ky * 3 + kx];
                scratch.Grouped.Data[output + i] = Math.Max(sum, 0f);
            }
            return;
        }
        ref var up = ref scratch.Up[0];
        ref var w = ref weights[0];
        ref var target = ref scratch.Grouped.Data[0];
        var bias = TLanes.Create(_grouped.Bias[o]);
        // Four vectors of pixels at once: four independent chains of FMAs (one alone waits on each FMA's latency).
        var x = 0;
        for (; x + 4 * lanes <= width; x += 4 * lanes)
        {
            TVector a0 = bias, a1 = bias, a2 = bias, a3 = bias;
            for (var j = 0; j < 2; j++)
                for (var ky = 0; ky < 3; ky++)
                {
                    var row = scratch.UpRow(j, k + ky) + x;
                    for (var kx = 0; kx < 3; kx++)
                    {
                        var tap = TLanes.Create(Unsafe.Add(ref w, j * 9 + ky * 3 + kx));
                        a0 = TLanes.MultiplyAdd(TLanes.Load(ref up, (nuint)(row + kx)), tap, a0);
                        a1 = TLanes.MultiplyAdd(TLanes.Load(ref up, (nuint)(row + kx + lanes)), tap, a1);
                        a2 = TLanes.MultiplyAdd(TLanes.Load(ref up, (nuint)(row + kx + 2 * lanes)), tap, a2);
                        a3 = TLanes.MultiplyAdd(TLanes.Load(ref up, (nuint)(row + kx + 3 * lanes)), tap, a3);
                    }
                }
            TLanes.Store(TLanes.Relu(a0), ref target, (nuint)(output + x));
            TLanes.Store(TLanes.Relu(a1), ref target, (nuint)(output + x + lanes));
            TLanes.Store(TLanes.Relu(a2), ref target, (nuint)(output + x + 2 * lanes));
            TLanes.Store(TLanes.Relu(a3), ref target, (nuint)(output + x + 3 * lanes));
        }
        for (; x < width; x += lanes)
        {
            var xs = Math.Min(x, width - lanes);
            var a = bias;
            for (var j = 0; j < 2; j++)
                for (var ky = 0; ky < 3; ky++)
                {
                    var row = scratch.UpRow(j, k + ky) + xs;
                    for (var kx = 0; kx < 3; kx++)
                        a = TLanes.MultiplyAdd(TLanes.Load(ref up, (nuint)(row + kx)), TLanes.Create(Unsafe.Add(ref w, j * 9 + ky * 3 + kx)), a);
                }
            TLanes.Store(TLanes.Relu(a), ref target, (nuint)(output + xs));
        }
    }

    /// <summary>One thread's strip: two upsampled channels (the strip's rows ± 1, padded by 1), the grouped conv's channels.</summary>
    private sealed class Scratch(int fullWidth, int channels)
    {
        private readonly int _upStride = fullWidth + 2;
        public float[] Up { get; } = new float[2 * (StripRows + 2) * (fullWidth + 2)];
        public PaddedPlanes Grouped { get; } = new(channels, fullWidth, StripRows, 0);
        public int UpRow(int channel, int k) => (channel * (StripRows + 2) + k) * _upStride;
    }

    private sealed class StripJob<TLanes, TVector>(UpsampleBlock block) : WorkerTeam.Job
        where TLanes : IFloatLanes<TVector> where TVector : struct
    {
        public override void Run(int item, int worker) => block.Strip<TLanes, TVector>(item * StripRows, block._scratch[worker]);
    }
}
