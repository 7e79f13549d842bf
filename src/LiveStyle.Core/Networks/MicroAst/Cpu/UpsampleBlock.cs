using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
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
    private static readonly Vector512<int> LowInterleave = Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
    private static readonly Vector512<int> ShiftRight = Vector512.Create(0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14);
    private static readonly Vector512<int> ShiftLeft = Vector512.Create(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 15);
    private static readonly Vector512<int> HighInterleave = Vector512.Create(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);

    private readonly PaddedPlanes _input;
    private readonly PaddedPlanes _output;
    private readonly (float[] Weights, float[] Bias) _grouped;
    private readonly (float[] Weights, float[] Bias) _mix;
    private readonly Scratch[] _scratch;
    private readonly StripJob _job;

    /// <param name="input">C channels, no padding.</param>
    /// <param name="grouped">[C/2][2][tap] and [C/2]: output o reads inputs 2o and 2o+1.</param>
    /// <param name="mix">[C/2 in][C/2 out] and [C/2].</param>
    /// <param name="output">C/2 channels at twice the input's size; its border is filled by reflection.</param>
    public UpsampleBlock(PaddedPlanes input, (float[], float[]) grouped, (float[], float[]) mix, PaddedPlanes output, int workers)
    {
        if (input.Pad != 0 || output.Channels * 2 != input.Channels || output.Width != 2 * input.Width || output.Height != 2 * input.Height || output.Channels % 16 != 0)
            throw new ArgumentException("an upsampling block halves the channels and doubles the size (16 or more outputs)");
        _input = input;
        _output = output;
        _grouped = grouped;
        _mix = mix;
        _scratch = [.. Enumerable.Range(0, workers).Select(_ => new Scratch(output.Width, output.Channels))];
        _job = new StripJob(this);
    }

    /// <summary>Called with each output row once it is complete (its border columns too), on the thread that made it, while it is in that thread's cache.</summary>
    public Action<int>? RowDone { get; init; }

    public void Run(WorkerTeam team)
    {
        if (team.Size > _scratch.Length) throw new ArgumentException("the team is larger than the scratch spaces made for it");
        team.Run(_job, (_output.Height + StripRows - 1) / StripRows);
        _output.ReflectRows();
    }

    private void Strip(int first, Scratch scratch)
    {
        var rows = Math.Min(StripRows, _output.Height - first);
        for (var o = 0; o < _output.Channels; o++)
        {
            for (var j = 0; j < 2; j++)
                for (var k = 0; k < rows + 2; k++)
                    UpsampleRow(2 * o + j, PaddedPlanes.Reflect(first - 1 + k, _output.Height), scratch, scratch.UpRow(j, k));
            for (var k = 0; k < rows; k++) GroupedRow(o, k, scratch);
        }
        for (var k = 0; k < rows; k++)
        {
            for (var o = 0; o < _output.Channels; o += 16)
                Pointwise.Row(scratch.Grouped, k, _mix.Weights, _mix.Bias, o, _output, first + k);
            for (var c = 0; c < _output.Channels; c++) _output.ReflectColumns(c, first + k);
            RowDone?.Invoke(first + k);
        }

    }

    /// <summary>Row <paramref name="y"/> of input channel <paramref name="c"/> at twice the size, reflect-padded by 1, into the scratch at <paramref name="at"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void UpsampleRow(int c, int y, Scratch scratch, int at)
    {
        int w = _input.Width, h = _input.Height, fullWidth = _output.Width;
        // Source row y/2−¼ for even y, y/2+¼ for odd y (half-pixel centres), neighbours clamped at the edges.
        var i = y >> 1;
        var far = (y & 1) == 0 ? Math.Max(i - 1, 0) : Math.Min(i + 1, h - 1);
        ref var near = ref _input.Data[_input.Row(c, i)];
        ref var farRow = ref _input.Data[_input.Row(c, far)];
        var quarter = Vector512.Create(0.25f);
        var threeQuarters = Vector512.Create(0.75f);
        var up = scratch.Up;
        ref var u = ref up[at];
        // The source row's vertical blend is made in registers, once per 16 pixels; its neighbours at x−1
        // and x+1 are shifted in from the blocks before and after (a line buffer written and read back at
        // other offsets stalled on store forwarding); the row's ends repeat their pixel.
        var x = 0;
        if (w >= 16)
        {
            var centre = Blend(ref near, ref farRow, 0, threeQuarters, quarter);
            var left = Avx512F.PermuteVar16x32(centre, ShiftRight);
            for (; x + 16 <= w; x += 16)
            {
                var next = centre;
                Vector512<float> right;
                if (x + 32 <= w)
                {
                    next = Blend(ref near, ref farRow, x + 16, threeQuarters, quarter);
                    right = Avx512F.AlignRight32(next.AsInt32(), centre.AsInt32(), 1).AsSingle();
                }
                else
                {
                    right = x + 16 == w ? Avx512F.PermuteVar16x32(centre, ShiftLeft) : Blend(ref near, ref farRow, x + 1, threeQuarters, quarter);
                }
                var even = Avx512F.FusedMultiplyAdd(centre, threeQuarters, left * quarter);
                var odd = Avx512F.FusedMultiplyAdd(centre, threeQuarters, right * quarter);
                Avx512F.PermuteVar16x32x2(even, LowInterleave, odd).StoreUnsafe(ref u, (nuint)(1 + 2 * x));
                Avx512F.PermuteVar16x32x2(even, HighInterleave, odd).StoreUnsafe(ref u, (nuint)(17 + 2 * x));
                left = Avx512F.AlignRight32(next.AsInt32(), centre.AsInt32(), 15).AsSingle();
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

    private static Vector512<float> Blend(ref float near, ref float far, int x, Vector512<float> threeQuarters, Vector512<float> quarter) =>
        Avx512F.FusedMultiplyAdd(Vector512.LoadUnsafe(ref near, (nuint)x), threeQuarters, Vector512.LoadUnsafe(ref far, (nuint)x) * quarter);

    private static float BlendAt(ref float near, ref float far, int x, int width)
    {
        x = Math.Clamp(x, 0, width - 1);
        return MathF.FusedMultiplyAdd(Unsafe.Add(ref near, x), 0.75f, Unsafe.Add(ref far, x) * 0.25f);
    }

    /// <summary>The grouped conv for output channel <paramref name="o"/>, strip row <paramref name="k"/>: upsampled rows k…k+2 of its two inputs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void GroupedRow(int o, int k, Scratch scratch)
    {
        var width = _output.Width;
        var output = scratch.Grouped.Row(o, k);
        var weights = _grouped.Weights.AsSpan(o * 18, 18);
        if (width < 16)
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
        var bias = Vector512.Create(_grouped.Bias[o]);
        var zero = Vector512<float>.Zero;
        // Four 16-pixel blocks at once: four independent chains of FMAs (one alone waits on each FMA's latency).
        var x = 0;
        for (; x + 64 <= width; x += 64)
        {
            Vector512<float> a0 = bias, a1 = bias, a2 = bias, a3 = bias;
            for (var j = 0; j < 2; j++)
                for (var ky = 0; ky < 3; ky++)
                {
                    var row = scratch.UpRow(j, k + ky) + x;
                    for (var kx = 0; kx < 3; kx++)
                    {
                        var tap = Vector512.Create(Unsafe.Add(ref w, j * 9 + ky * 3 + kx));
                        a0 = Avx512F.FusedMultiplyAdd(Vector512.LoadUnsafe(ref up, (nuint)(row + kx)), tap, a0);
                        a1 = Avx512F.FusedMultiplyAdd(Vector512.LoadUnsafe(ref up, (nuint)(row + kx + 16)), tap, a1);
                        a2 = Avx512F.FusedMultiplyAdd(Vector512.LoadUnsafe(ref up, (nuint)(row + kx + 32)), tap, a2);
                        a3 = Avx512F.FusedMultiplyAdd(Vector512.LoadUnsafe(ref up, (nuint)(row + kx + 48)), tap, a3);
                    }
                }
            Avx512F.Max(a0, zero).StoreUnsafe(ref target, (nuint)(output + x));
            Avx512F.Max(a1, zero).StoreUnsafe(ref target, (nuint)(output + x + 16));
            Avx512F.Max(a2, zero).StoreUnsafe(ref target, (nuint)(output + x + 32));
            Avx512F.Max(a3, zero).StoreUnsafe(ref target, (nuint)(output + x + 48));
        }
        for (; x < width; x += 16)
        {
            var xs = Math.Min(x, width - 16);
            var a = bias;
            for (var j = 0; j < 2; j++)
                for (var ky = 0; ky < 3; ky++)
                {
                    var row = scratch.UpRow(j, k + ky) + xs;
                    for (var kx = 0; kx < 3; kx++)
                        a = Avx512F.FusedMultiplyAdd(Vector512.LoadUnsafe(ref up, (nuint)(row + kx)), Vector512.Create(Unsafe.Add(ref w, j * 9 + ky * 3 + kx)), a);
                }
            Avx512F.Max(a, zero).StoreUnsafe(ref target, (nuint)(output + xs));
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

    private sealed class StripJob(UpsampleBlock block) : WorkerTeam.Job
    {
        public override void Run(int item, int worker) => block.Strip(item * StripRows, block._scratch[worker]);
    }
}
