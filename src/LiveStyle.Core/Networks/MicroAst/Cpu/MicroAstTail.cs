using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
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
    private readonly bool _wide;
    private PlanarImage? _output;

    public MicroAstTail(MicroAstEndWeights weights, int width, int height, int workers)
    {
        _weights = weights;
        _width = width;
        _height = height;
        var (w4, h4) = (MicroAstCpuEnds.Padded(width), MicroAstCpuEnds.Padded(height));
        var tail = MicroAstArchitecture.DecoderTail;
        var wide = _wide = weights.Choice.Wide;
        _input = new PaddedPlanes(tail[0].InChannels, w4 / 4, h4 / 4, 0, contiguous: true);
        _half = new PaddedPlanes(tail[1].OutChannels, w4 / 2, h4 / 2, 0);
        _full = new PaddedPlanes(tail[3].OutChannels, w4, h4, LastPad);
        _toHalf = new UpsampleBlock(_input, weights.Up[0].Grouped, weights.Up[0].Mix, _half, workers, wide);
        if (weights.LastInt8 is { } int8)
        {
            // Each full-size row is packed as uint8 as soon as it is made (still in cache); the reflected border rows after.
            var packed = QuantizedLastConv.PackedFor(_full);
            _toFull = new UpsampleBlock(_half, weights.Up[1].Grouped, weights.Up[1].Mix, _full, workers, wide)
            {
                RowDone = y => int8.PackRow(_full, y + LastPad, packed, wide),
            };
            _packBorders = () =>
            {
                for (var k = 0; k < LastPad; k++)
                {
                    int8.PackRow(_full, k, packed, wide);
                    int8.PackRow(_full, _full.PaddedHeight - 1 - k, packed, wide);
                }
            };
            _last = new WorkerTeam.Rows(y => int8.OutputRow(packed, _full, y, _output!));
        }
        else
        {
            _toFull = new UpsampleBlock(_half, weights.Up[1].Grouped, weights.Up[1].Mix, _full, workers, wide);
            _last = wide ? new WorkerTeam.Rows(OutputRow<Lanes512, Vector512<float>>) : new WorkerTeam.Rows(OutputRow<Lanes256, Vector256<float>>);
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

    /// <summary>dec3.10 for output row <paramref name="y"/>: 3 channels × 4 vectors of pixels per step (1 where the frame is narrower), clamped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void OutputRow<TLanes, TVector>(int y)
        where TLanes : IFloatLanes<TVector> where TVector : struct
    {
        var output = _output!;
        var x = 0;
        var lanes = TLanes.Count;
        if (_width >= 4 * lanes)
            for (; x < _width; x += 4 * lanes) OutputBlock4<TLanes, TVector>(output, y, Math.Min(x, _width - 4 * lanes));
        else
            for (; x < _width; x += lanes) OutputBlock1<TLanes, TVector>(output, y, Math.Min(x, _width - lanes));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void OutputBlock4<TLanes, TVector>(PlanarImage output, int y, int xs)
        where TLanes : IFloatLanes<TVector> where TVector : struct
    {
        const int taps = 81;
        ref var input = ref _full.Data[0];
        ref var w = ref _weights.Last.Weights[0];
        var b = _weights.Last.Bias;
        var lanes = TLanes.Count;
        TVector a00 = TLanes.Create(b[0]), a01 = a00, a02 = a00, a03 = a00;
        TVector a10 = TLanes.Create(b[1]), a11 = a10, a12 = a10, a13 = a10;
        TVector a20 = TLanes.Create(b[2]), a21 = a20, a22 = a20, a23 = a20;
        for (var c = 0; c < _full.Channels; c++)
        {
            for (var ky = 0; ky < 9; ky++)
            {
                var row = _full.Row(c, y + ky - LastPad) - LastPad + xs;
                var tap = (c * taps + ky * 9) * MicroAstEndWeights.OutputStride;
                for (var kx = 0; kx < 9; kx++, tap += MicroAstEndWeights.OutputStride)
                {
                    var i0 = TLanes.Load(ref input, (nuint)(row + kx));
                    var i1 = TLanes.Load(ref input, (nuint)(row + kx + lanes));
                    var i2 = TLanes.Load(ref input, (nuint)(row + kx + 2 * lanes));
                    var i3 = TLanes.Load(ref input, (nuint)(row + kx + 3 * lanes));
                    var w0 = TLanes.Create(Unsafe.Add(ref w, tap));
                    var w1 = TLanes.Create(Unsafe.Add(ref w, tap + 1));
                    var w2 = TLanes.Create(Unsafe.Add(ref w, tap + 2));
                    a00 = TLanes.MultiplyAdd(i0, w0, a00); a01 = TLanes.MultiplyAdd(i1, w0, a01);
                    a02 = TLanes.MultiplyAdd(i2, w0, a02); a03 = TLanes.MultiplyAdd(i3, w0, a03);
                    a10 = TLanes.MultiplyAdd(i0, w1, a10); a11 = TLanes.MultiplyAdd(i1, w1, a11);
                    a12 = TLanes.MultiplyAdd(i2, w1, a12); a13 = TLanes.MultiplyAdd(i3, w1, a13);
                    a20 = TLanes.MultiplyAdd(i0, w2, a20); a21 = TLanes.MultiplyAdd(i1, w2, a21);
                    a22 = TLanes.MultiplyAdd(i2, w2, a22); a23 = TLanes.MultiplyAdd(i3, w2, a23);
                }
            }
        }
        ref var o = ref output.Data[0];
        var plane = output.PlaneSize;
        var at = y * _width + xs;
        Store<TLanes, TVector>(a00, ref o, at); Store<TLanes, TVector>(a01, ref o, at + lanes);
        Store<TLanes, TVector>(a02, ref o, at + 2 * lanes); Store<TLanes, TVector>(a03, ref o, at + 3 * lanes);
        at += plane;
        Store<TLanes, TVector>(a10, ref o, at); Store<TLanes, TVector>(a11, ref o, at + lanes);
        Store<TLanes, TVector>(a12, ref o, at + 2 * lanes); Store<TLanes, TVector>(a13, ref o, at + 3 * lanes);
        at += plane;
        Store<TLanes, TVector>(a20, ref o, at); Store<TLanes, TVector>(a21, ref o, at + lanes);
        Store<TLanes, TVector>(a22, ref o, at + 2 * lanes); Store<TLanes, TVector>(a23, ref o, at + 3 * lanes);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void OutputBlock1<TLanes, TVector>(PlanarImage output, int y, int xs)
        where TLanes : IFloatLanes<TVector> where TVector : struct
    {
        const int taps = 81;
        ref var input = ref _full.Data[0];
        ref var w = ref _weights.Last.Weights[0];
        var b = _weights.Last.Bias;
        TVector a0 = TLanes.Create(b[0]), a1 = TLanes.Create(b[1]), a2 = TLanes.Create(b[2]);
        for (var c = 0; c < _full.Channels; c++)
            for (var ky = 0; ky < 9; ky++)
            {
                var row = _full.Row(c, y + ky - LastPad) - LastPad + xs;
                var tap = (c * taps + ky * 9) * MicroAstEndWeights.OutputStride;
                for (var kx = 0; kx < 9; kx++, tap += MicroAstEndWeights.OutputStride)
                {
                    var v = TLanes.Load(ref input, (nuint)(row + kx));
                    a0 = TLanes.MultiplyAdd(v, TLanes.Create(Unsafe.Add(ref w, tap)), a0);
                    a1 = TLanes.MultiplyAdd(v, TLanes.Create(Unsafe.Add(ref w, tap + 1)), a1);
                    a2 = TLanes.MultiplyAdd(v, TLanes.Create(Unsafe.Add(ref w, tap + 2)), a2);
                }
            }
        ref var o = ref output.Data[0];
        var at = y * _width + xs;
        Store<TLanes, TVector>(a0, ref o, at);
        Store<TLanes, TVector>(a1, ref o, at + output.PlaneSize);
        Store<TLanes, TVector>(a2, ref o, at + 2 * output.PlaneSize);
    }

    private static void Store<TLanes, TVector>(TVector value, ref float destination, int at)
        where TLanes : IFloatLanes<TVector> where TVector : struct =>
        TLanes.Store(TLanes.Clamp01(value), ref destination, (nuint)at);
}
