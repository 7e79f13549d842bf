using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using LiveStyle.Core.Imaging;
using LiveStyle.Core.Threading;

namespace LiveStyle.Core.Networks.MicroAst.Cpu;

/// <summary>
/// The fast stylizer's decoder tail on the CPU, from the ONNX core's output (64 channels at a quarter
/// of the size): two <see cref="UpsampleBlock"/>s (dec3.1 + dec3.3, dec3.6 + dec3.8), then dec3.10
/// (9×9 16→3) after reflection padding, clamped to [0, 1] and cropped to the frame; in int8, when the
/// network runs int8, by <see cref="QuantizedLastConv"/> on the planes packed as uint8.
/// </summary>
internal sealed class MicroAstTail
{
    private const int LastPad = 4;

    private readonly MicroAstEndWeights _weights;
    private readonly int _width;
    private readonly int _height;
    private readonly PaddedPlanes _input;
    private readonly PaddedPlanes _half;
    private readonly PaddedPlanes _full;
    private readonly UpsampleBlock _toHalf;
    private readonly UpsampleBlock _toFull;
    private readonly WorkerTeam.Rows _last;
    private readonly Action? _packBorders;
    private PlanarImage? _output;

    public MicroAstTail(MicroAstEndWeights weights, int width, int height, int workers)
    {
        _weights = weights;
        _width = width;
        _height = height;
        var (w4, h4) = (MicroAstCpuEnds.Padded(width), MicroAstCpuEnds.Padded(height));
        var tail = MicroAstArchitecture.DecoderTail;
        _input = new PaddedPlanes(tail[0].InChannels, w4 / 4, h4 / 4, 0, contiguous: true);
        _half = new PaddedPlanes(tail[1].OutChannels, w4 / 2, h4 / 2, 0);
        _full = new PaddedPlanes(tail[3].OutChannels, w4, h4, LastPad);
        _toHalf = new UpsampleBlock(_input, weights.Up[0].Grouped, weights.Up[0].Mix, _half, workers);
        if (weights.LastInt8 is { } int8)
        {
            // Each full-size row is packed as uint8 as soon as it is made (still in cache); the reflected border rows after.
            var packed = QuantizedLastConv.PackedFor(_full);
            _toFull = new UpsampleBlock(_half, weights.Up[1].Grouped, weights.Up[1].Mix, _full, workers)
            {
                RowDone = y => int8.PackRow(_full, y + LastPad, packed),
            };
            _packBorders = () =>
            {
                for (var k = 0; k < LastPad; k++)
                {
                    int8.PackRow(_full, k, packed);
                    int8.PackRow(_full, _full.PaddedHeight - 1 - k, packed);
                }
            };
            _last = new WorkerTeam.Rows(y => int8.OutputRow(packed, _full, y, _output!));
        }
        else
        {
            _toFull = new UpsampleBlock(_half, weights.Up[1].Grouped, weights.Up[1].Mix, _full, workers);
            _last = new WorkerTeam.Rows(OutputRow);
        }
    }

    /// <summary>[64, H′/4, W′/4] with H′, W′ the frame's sides rounded up to multiples of 4.</summary>
    public float[] Input => _input.Data;
    public int InputChannels => _input.Channels;
    public int InputWidth => _input.Width;
    public int InputHeight => _input.Height;

    public void Run(PlanarImage output, WorkerTeam team)
    {
        if (output.Width != _width || output.Height != _height) throw new ArgumentException("the output's size differs from the tail's");
        _output = output;
        _toHalf.Run(team);
        _toFull.Run(team);
        _packBorders?.Invoke();
        team.Run(_last, _height);
        _output = null;
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
        ref var input = ref _full.Data[0];
        ref var w = ref _weights.Last.Weights[0];
        var b = _weights.Last.Bias;
        Vector512<float> a00 = Vector512.Create(b[0]), a01 = a00, a02 = a00, a03 = a00;
        Vector512<float> a10 = Vector512.Create(b[1]), a11 = a10, a12 = a10, a13 = a10;
        Vector512<float> a20 = Vector512.Create(b[2]), a21 = a20, a22 = a20, a23 = a20;
        for (var c = 0; c < _full.Channels; c++)
        {
            for (var ky = 0; ky < 9; ky++)
            {
                var row = _full.Row(c, y + ky - LastPad) - LastPad + xs;
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
        ref var input = ref _full.Data[0];
        ref var w = ref _weights.Last.Weights[0];
        var b = _weights.Last.Bias;
        Vector512<float> a0 = Vector512.Create(b[0]), a1 = Vector512.Create(b[1]), a2 = Vector512.Create(b[2]);
        for (var c = 0; c < _full.Channels; c++)
            for (var ky = 0; ky < 9; ky++)
            {
                var row = _full.Row(c, y + ky - LastPad) - LastPad + xs;
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
        Avx512F.Min(Avx512F.Max(value, Vector512<float>.Zero), Vector512<float>.One).StoreUnsafe(ref destination, (nuint)at);
}
