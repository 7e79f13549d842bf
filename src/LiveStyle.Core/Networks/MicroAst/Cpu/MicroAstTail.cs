using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using LiveStyle.Core.Imaging;
using LiveStyle.Core.Threading;

namespace LiveStyle.Core.Networks.MicroAst.Cpu;

/// <summary>
/// The fast stylizer's last layers at full resolution, on the CPU: bilinear ×2 (half-pixel, edges
/// clamped), dec3.6 (3×3 grouped 32→16, ReLU), dec3.8 (1×1 16→16, ReLU), dec3.10 (9×9 16→3), each
/// conv after reflection padding; then clamped to [0, 1] and cropped to the frame. Its input is the
/// ONNX core's output. The first three are done in strips of rows kept in each thread's cache; the
/// 9×9 conv then runs over the whole padded result.
/// </summary>
internal sealed class MicroAstTail
{
    private const int StripRows = 8;
    private const int LastPad = 4;
    private static readonly Vector512<int> LowInterleave = Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
    private static readonly Vector512<int> HighInterleave = Vector512.Create(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);

    private readonly MicroAstEndWeights _weights;
    private readonly int _width;
    private readonly int _height;
    private readonly int _fullWidth;
    private readonly int _fullHeight;
    private readonly PaddedPlanes _mixed;
    private readonly Scratch[] _scratch;
    private readonly FeatureJob _features;
    private readonly OutputJob _outputJob;
    private PlanarImage? _output;

    public MicroAstTail(MicroAstEndWeights weights, int width, int height, int workers)
    {
        _weights = weights;
        _width = width;
        _height = height;
        (_fullWidth, _fullHeight) = (MicroAstCpuEnds.Padded(width), MicroAstCpuEnds.Padded(height));
        InputWidth = _fullWidth / 2;
        InputHeight = _fullHeight / 2;
        Input = new float[2 * MicroAstEndWeights.TailChannels * InputWidth * InputHeight];
        _mixed = new PaddedPlanes(MicroAstEndWeights.TailChannels, _fullWidth, _fullHeight, LastPad);
        _scratch = [.. Enumerable.Range(0, workers).Select(_ => new Scratch(InputWidth, _fullWidth))];
        _features = new FeatureJob(this);
        _outputJob = new OutputJob(this);
    }

    /// <summary>[32, H′/2, W′/2] with H′, W′ the frame's sides rounded up to multiples of 4.</summary>
    public float[] Input { get; }
    public int InputWidth { get; }
    public int InputHeight { get; }

    public void Run(PlanarImage output, WorkerTeam team)
    {
        if (output.Width != _width || output.Height != _height) throw new ArgumentException("the output's size differs from the tail's");
        if (team.Size > _scratch.Length) throw new ArgumentException("the team is larger than the scratch spaces made for it");
        _output = output;
        team.Run(_features, (_fullHeight + StripRows - 1) / StripRows);
        _mixed.ReflectRows();
        team.Run(_outputJob, _height);
        _output = null;
    }

    /// <summary>Rows [first, first+8) of dec3.8's output: upsampling, dec3.6 and dec3.8 within one thread's scratch.</summary>
    private void FeatureStrip(int first, Scratch scratch)
    {
        var rows = Math.Min(StripRows, _fullHeight - first);
        for (var o = 0; o < MicroAstEndWeights.TailChannels; o++)
        {
            for (var j = 0; j < 2; j++)
                for (var k = 0; k < rows + 2; k++)
                    UpsampleRow(2 * o + j, PaddedPlanes.Reflect(first - 1 + k, _fullHeight), scratch, scratch.UpRow(j, k));
            for (var k = 0; k < rows; k++) GroupedRow(o, k, scratch);
        }
        for (var k = 0; k < rows; k++)
        {
            MixRow(k, first + k, scratch);
            for (var c = 0; c < MicroAstEndWeights.TailChannels; c++) _mixed.ReflectColumns(c, first + k);
        }
    }

    /// <summary>Row <paramref name="y"/> of input channel <paramref name="c"/> at twice the size, reflect-padded by 1, into the scratch.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void UpsampleRow(int c, int y, Scratch scratch, int at)
    {
        int w = InputWidth, plane = InputWidth * InputHeight;
        // Source row y/2−¼ for even y, y/2+¼ for odd y (half-pixel centres), neighbours clamped at the edges.
        var i = y >> 1;
        var (near, far) = (y & 1) == 0 ? (i, Math.Max(i - 1, 0)) : (i, Math.Min(i + 1, InputHeight - 1));
        var nearRow = Input.AsSpan(c * plane + near * w, w);
        var farRow = Input.AsSpan(c * plane + far * w, w);
        var line = scratch.Line;
        var quarter = Vector512.Create(0.25f);
        var threeQuarters = Vector512.Create(0.75f);
        var x = 0;
        for (; x + 16 <= w; x += 16)
            Avx512F.FusedMultiplyAdd(Vector512.Create(nearRow[x..]), threeQuarters, Vector512.Create(farRow[x..]) * quarter).CopyTo(line.AsSpan(x + 1));
        for (; x < w; x++) line[x + 1] = 0.75f * nearRow[x] + 0.25f * farRow[x];
        line[0] = line[1];
        line[w + 1] = line[w];

        var up = scratch.Up;
        ref var l = ref line[0];
        ref var u = ref up[at];
        var x2 = 0;
        for (; x2 + 16 <= w; x2 += 16)
        {
            var left = Vector512.LoadUnsafe(ref l, (nuint)x2);
            var centre = Vector512.LoadUnsafe(ref l, (nuint)(x2 + 1));
            var right = Vector512.LoadUnsafe(ref l, (nuint)(x2 + 2));
            var even = Avx512F.FusedMultiplyAdd(centre, threeQuarters, left * quarter);
            var odd = Avx512F.FusedMultiplyAdd(centre, threeQuarters, right * quarter);
            Avx512F.PermuteVar16x32x2(even, LowInterleave, odd).StoreUnsafe(ref u, (nuint)(1 + 2 * x2));
            Avx512F.PermuteVar16x32x2(even, HighInterleave, odd).StoreUnsafe(ref u, (nuint)(17 + 2 * x2));
        }
        for (; x2 < w; x2++)
        {
            up[at + 1 + 2 * x2] = 0.75f * line[x2 + 1] + 0.25f * line[x2];
            up[at + 2 + 2 * x2] = 0.75f * line[x2 + 1] + 0.25f * line[x2 + 2];
        }
        up[at] = up[at + 2];
        up[at + _fullWidth + 1] = up[at + _fullWidth - 1];
    }

    /// <summary>dec3.6, output channel <paramref name="o"/>, strip row <paramref name="k"/>: upsampled rows k…k+2 of channels 2o and 2o+1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void GroupedRow(int o, int k, Scratch scratch)
    {
        ref var up = ref scratch.Up[0];
        ref var w = ref _weights.UpWeights[o * 18];
        ref var output = ref scratch.Grouped[scratch.GroupedRow(o, k)];
        var bias = Vector512.Create(_weights.UpBias[o]);
        var width = _fullWidth;
        for (var x = 0; x < width; x += 16)
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
            Vector512.Max(a, Vector512<float>.Zero).StoreUnsafe(ref output, (nuint)xs);
        }
    }

    /// <summary>dec3.8 on strip row <paramref name="k"/> (all 16 channels at once), ReLU, into the padded planes' row <paramref name="y"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void MixRow(int k, int y, Scratch scratch)
    {
        ref var grouped = ref scratch.Grouped[0];
        ref var w = ref _weights.MixWeights[0];
        ref var bias = ref _weights.MixBias[0];
        ref var output = ref _mixed.Data[0];
        var width = _fullWidth;
        for (var x = 0; x < width; x += 16)
        {
            var xs = Math.Min(x, width - 16);
            var a0 = Vector512.Create(Unsafe.Add(ref bias, 0)); var a1 = Vector512.Create(Unsafe.Add(ref bias, 1));
            var a2 = Vector512.Create(Unsafe.Add(ref bias, 2)); var a3 = Vector512.Create(Unsafe.Add(ref bias, 3));
            var a4 = Vector512.Create(Unsafe.Add(ref bias, 4)); var a5 = Vector512.Create(Unsafe.Add(ref bias, 5));
            var a6 = Vector512.Create(Unsafe.Add(ref bias, 6)); var a7 = Vector512.Create(Unsafe.Add(ref bias, 7));
            var a8 = Vector512.Create(Unsafe.Add(ref bias, 8)); var a9 = Vector512.Create(Unsafe.Add(ref bias, 9));
            var a10 = Vector512.Create(Unsafe.Add(ref bias, 10)); var a11 = Vector512.Create(Unsafe.Add(ref bias, 11));
            var a12 = Vector512.Create(Unsafe.Add(ref bias, 12)); var a13 = Vector512.Create(Unsafe.Add(ref bias, 13));
            var a14 = Vector512.Create(Unsafe.Add(ref bias, 14)); var a15 = Vector512.Create(Unsafe.Add(ref bias, 15));
            for (var i = 0; i < MicroAstEndWeights.TailChannels; i++)
            {
                var v = Vector512.LoadUnsafe(ref grouped, (nuint)(scratch.GroupedRow(i, k) + xs));
                ref var t = ref Unsafe.Add(ref w, i * 16);
                a0 = Avx512F.FusedMultiplyAdd(v, Vector512.Create(Unsafe.Add(ref t, 0)), a0);
                a1 = Avx512F.FusedMultiplyAdd(v, Vector512.Create(Unsafe.Add(ref t, 1)), a1);
                a2 = Avx512F.FusedMultiplyAdd(v, Vector512.Create(Unsafe.Add(ref t, 2)), a2);
                a3 = Avx512F.FusedMultiplyAdd(v, Vector512.Create(Unsafe.Add(ref t, 3)), a3);
                a4 = Avx512F.FusedMultiplyAdd(v, Vector512.Create(Unsafe.Add(ref t, 4)), a4);
                a5 = Avx512F.FusedMultiplyAdd(v, Vector512.Create(Unsafe.Add(ref t, 5)), a5);
                a6 = Avx512F.FusedMultiplyAdd(v, Vector512.Create(Unsafe.Add(ref t, 6)), a6);
                a7 = Avx512F.FusedMultiplyAdd(v, Vector512.Create(Unsafe.Add(ref t, 7)), a7);
                a8 = Avx512F.FusedMultiplyAdd(v, Vector512.Create(Unsafe.Add(ref t, 8)), a8);
                a9 = Avx512F.FusedMultiplyAdd(v, Vector512.Create(Unsafe.Add(ref t, 9)), a9);
                a10 = Avx512F.FusedMultiplyAdd(v, Vector512.Create(Unsafe.Add(ref t, 10)), a10);
                a11 = Avx512F.FusedMultiplyAdd(v, Vector512.Create(Unsafe.Add(ref t, 11)), a11);
                a12 = Avx512F.FusedMultiplyAdd(v, Vector512.Create(Unsafe.Add(ref t, 12)), a12);
                a13 = Avx512F.FusedMultiplyAdd(v, Vector512.Create(Unsafe.Add(ref t, 13)), a13);
                a14 = Avx512F.FusedMultiplyAdd(v, Vector512.Create(Unsafe.Add(ref t, 14)), a14);
                a15 = Avx512F.FusedMultiplyAdd(v, Vector512.Create(Unsafe.Add(ref t, 15)), a15);
            }
            var zero = Vector512<float>.Zero;
            Vector512.Max(a0, zero).StoreUnsafe(ref output, (nuint)(_mixed.Row(0, y) + xs));
            Vector512.Max(a1, zero).StoreUnsafe(ref output, (nuint)(_mixed.Row(1, y) + xs));
            Vector512.Max(a2, zero).StoreUnsafe(ref output, (nuint)(_mixed.Row(2, y) + xs));
            Vector512.Max(a3, zero).StoreUnsafe(ref output, (nuint)(_mixed.Row(3, y) + xs));
            Vector512.Max(a4, zero).StoreUnsafe(ref output, (nuint)(_mixed.Row(4, y) + xs));
            Vector512.Max(a5, zero).StoreUnsafe(ref output, (nuint)(_mixed.Row(5, y) + xs));
            Vector512.Max(a6, zero).StoreUnsafe(ref output, (nuint)(_mixed.Row(6, y) + xs));
            Vector512.Max(a7, zero).StoreUnsafe(ref output, (nuint)(_mixed.Row(7, y) + xs));
            Vector512.Max(a8, zero).StoreUnsafe(ref output, (nuint)(_mixed.Row(8, y) + xs));
            Vector512.Max(a9, zero).StoreUnsafe(ref output, (nuint)(_mixed.Row(9, y) + xs));
            Vector512.Max(a10, zero).StoreUnsafe(ref output, (nuint)(_mixed.Row(10, y) + xs));
            Vector512.Max(a11, zero).StoreUnsafe(ref output, (nuint)(_mixed.Row(11, y) + xs));
            Vector512.Max(a12, zero).StoreUnsafe(ref output, (nuint)(_mixed.Row(12, y) + xs));
            Vector512.Max(a13, zero).StoreUnsafe(ref output, (nuint)(_mixed.Row(13, y) + xs));
            Vector512.Max(a14, zero).StoreUnsafe(ref output, (nuint)(_mixed.Row(14, y) + xs));
            Vector512.Max(a15, zero).StoreUnsafe(ref output, (nuint)(_mixed.Row(15, y) + xs));
        }
    }

    /// <summary>dec3.10 for output row <paramref name="y"/>: 3 channels × 64 pixels per step (16 where the frame is narrower), clamped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void OutputRow(int y)
    {
        var output = _output!;
        var x = 0;
        if (_width >= 64)
            for (; x < _width; x += 64) OutputBlock64(output, y, Math.Min(x, _width - 64));
        else
            for (; x < _width; x += 16) OutputBlock16(output, y, Math.Min(x, _width - 16));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void OutputBlock64(PlanarImage output, int y, int xs)
    {
        const int taps = 81;
        ref var input = ref _mixed.Data[0];
        ref var w = ref _weights.LastWeights[0];
        var b = _weights.LastBias;
        Vector512<float> a00 = Vector512.Create(b[0]), a01 = a00, a02 = a00, a03 = a00;
        Vector512<float> a10 = Vector512.Create(b[1]), a11 = a10, a12 = a10, a13 = a10;
        Vector512<float> a20 = Vector512.Create(b[2]), a21 = a20, a22 = a20, a23 = a20;
        for (var c = 0; c < MicroAstEndWeights.TailChannels; c++)
        {
            for (var ky = 0; ky < 9; ky++)
            {
                var row = _mixed.Row(c, y + ky - LastPad) - LastPad + xs;
                var tap = (c * taps + ky * 9) * MicroAstEndWeights.OutputStride;
                for (var kx = 0; kx < 9; kx++, tap += MicroAstEndWeights.OutputStride)
                {
                    var i0 = Vector512.LoadUnsafe(ref input, (nuint)(row + kx));
                    var i1 = Vector512.LoadUnsafe(ref input, (nuint)(row + kx + 16));
                    var i2 = Vector512.LoadUnsafe(ref input, (nuint)(row + kx + 32));
                    var i3 = Vector512.LoadUnsafe(ref input, (nuint)(row + kx + 48));
                    var w0 = Vector512.Create(Unsafe.Add(ref w, tap));
                    var w1 = Vector512.Create(Unsafe.Add(ref w, tap + 1));
                    var w2 = Vector512.Create(Unsafe.Add(ref w, tap + 2));
                    a00 = Avx512F.FusedMultiplyAdd(i0, w0, a00); a01 = Avx512F.FusedMultiplyAdd(i1, w0, a01);
                    a02 = Avx512F.FusedMultiplyAdd(i2, w0, a02); a03 = Avx512F.FusedMultiplyAdd(i3, w0, a03);
                    a10 = Avx512F.FusedMultiplyAdd(i0, w1, a10); a11 = Avx512F.FusedMultiplyAdd(i1, w1, a11);
                    a12 = Avx512F.FusedMultiplyAdd(i2, w1, a12); a13 = Avx512F.FusedMultiplyAdd(i3, w1, a13);
                    a20 = Avx512F.FusedMultiplyAdd(i0, w2, a20); a21 = Avx512F.FusedMultiplyAdd(i1, w2, a21);
                    a22 = Avx512F.FusedMultiplyAdd(i2, w2, a22); a23 = Avx512F.FusedMultiplyAdd(i3, w2, a23);
                }
            }
        }
        ref var o = ref output.Data[0];
        var plane = output.PlaneSize;
        var at = y * _width + xs;
        Store(a00, ref o, at); Store(a01, ref o, at + 16); Store(a02, ref o, at + 32); Store(a03, ref o, at + 48);
        at += plane;
        Store(a10, ref o, at); Store(a11, ref o, at + 16); Store(a12, ref o, at + 32); Store(a13, ref o, at + 48);
        at += plane;
        Store(a20, ref o, at); Store(a21, ref o, at + 16); Store(a22, ref o, at + 32); Store(a23, ref o, at + 48);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void OutputBlock16(PlanarImage output, int y, int xs)
    {
        const int taps = 81;
        ref var input = ref _mixed.Data[0];
        ref var w = ref _weights.LastWeights[0];
        var b = _weights.LastBias;
        Vector512<float> a0 = Vector512.Create(b[0]), a1 = Vector512.Create(b[1]), a2 = Vector512.Create(b[2]);
        for (var c = 0; c < MicroAstEndWeights.TailChannels; c++)
            for (var ky = 0; ky < 9; ky++)
            {
                var row = _mixed.Row(c, y + ky - LastPad) - LastPad + xs;
                var tap = (c * taps + ky * 9) * MicroAstEndWeights.OutputStride;
                for (var kx = 0; kx < 9; kx++, tap += MicroAstEndWeights.OutputStride)
                {
                    var v = Vector512.LoadUnsafe(ref input, (nuint)(row + kx));
                    a0 = Avx512F.FusedMultiplyAdd(v, Vector512.Create(Unsafe.Add(ref w, tap)), a0);
                    a1 = Avx512F.FusedMultiplyAdd(v, Vector512.Create(Unsafe.Add(ref w, tap + 1)), a1);
                    a2 = Avx512F.FusedMultiplyAdd(v, Vector512.Create(Unsafe.Add(ref w, tap + 2)), a2);
                }
            }
        ref var o = ref output.Data[0];
        var at = y * _width + xs;
        Store(a0, ref o, at);
        Store(a1, ref o, at + output.PlaneSize);
        Store(a2, ref o, at + 2 * output.PlaneSize);
    }

    private static void Store(Vector512<float> value, ref float destination, int at) =>
        Vector512.Min(Vector512.Max(value, Vector512<float>.Zero), Vector512<float>.One).StoreUnsafe(ref destination, (nuint)at);

    /// <summary>One thread's strip buffers: a source line, two upsampled channels (rows of the strip ± 1, padded), 16 dec3.6 channels.</summary>
    private sealed class Scratch(int inputWidth, int fullWidth)
    {
        private readonly int _upStride = fullWidth + 2;
        public float[] Line { get; } = new float[inputWidth + 2 + 16];
        public float[] Up { get; } = new float[2 * (StripRows + 2) * (fullWidth + 2)];
        public float[] Grouped { get; } = new float[MicroAstEndWeights.TailChannels * StripRows * fullWidth];
        public int UpRow(int channel, int k) => (channel * (StripRows + 2) + k) * _upStride;
        public int GroupedRow(int channel, int k) => (channel * StripRows + k) * fullWidth;
    }

    private sealed class FeatureJob(MicroAstTail tail) : WorkerTeam.Job
    {
        public override void Run(int item, int worker) => tail.FeatureStrip(item * StripRows, tail._scratch[worker]);
    }

    private sealed class OutputJob(MicroAstTail tail) : WorkerTeam.Job
    {
        public override void Run(int item, int worker) => tail.OutputRow(item);
    }
}
