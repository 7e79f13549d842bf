using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using LiveStyle.Core.Threading;

namespace LiveStyle.Core.Networks.MicroAst.Cpu;

/// <summary>
/// The fast stylizer's encoder stem on the CPU: the frame reflect-padded to multiples of 4, enc1.0
/// (9×9 3→16), enc1.2 (3×3 stride 2, grouped 16→32), enc1.4 (1×1 32→32), enc1.6 (3×3 stride 2,
/// grouped 32→64), enc1.8 (1×1 64→64), each with a ReLU and the graph's reflection padding (enc1.0
/// in int8 by <see cref="QuantizedFirstConv"/> when the network runs int8). Its
/// output, 64 channels at a quarter of the size, is the ONNX core's input. In ONNX Runtime these
/// layers spent more time reordering and padding planes than computing.
/// <para>
/// The layers run row by row through bands of output rows, each band on one thread, so a row is
/// read by the next layer while it is still in that thread's cache (layer by layer over the whole
/// frame, the thin layers waited on memory: 3.9 of the head's 8 ms at 640×360). The rows on a
/// band's upper edge read the band above too; they are made after all bands.
/// </para>
/// </summary>
internal sealed class MicroAstHead
{
    private const int FirstPad = 4;
    /// <summary>Output rows (quarter size) per band.</summary>
    private const int BandRows = 8;

    private readonly MicroAstEndWeights _weights;
    private readonly int _width;
    private readonly int _height;
    private readonly int[] _rowSource;
    private readonly int[] _columnSource;
    /// <summary>The padded frame in fp32 (null when enc1.0 runs in int8, which reads <see cref="_packed"/>).</summary>
    private readonly PaddedPlanes? _input;
    private readonly int _paddedWidth;
    private readonly int _paddedHeight;
    private readonly PaddedPlanes _first;
    private readonly PaddedPlanes _second;
    private readonly PaddedPlanes _third;
    private readonly PaddedPlanes _fourth;
    private readonly PaddedPlanes _output;
    /// <summary>The padded frame as uint8 pixels, when enc1.0 runs in int8.</summary>
    private readonly int[]? _packed;
    private readonly WorkerTeam.Job _pad;
    private readonly WorkerTeam.Job _bands;
    private readonly WorkerTeam.Job _bandEdges;
    private readonly bool _wide;
    private float[]? _content;

    public MicroAstHead(MicroAstEndWeights weights, int width, int height)
    {
        _weights = weights;
        _width = width;
        _height = height;
        var (w4, h4) = (MicroAstCpuEnds.Padded(width), MicroAstCpuEnds.Padded(height));
        var stem = MicroAstArchitecture.EncoderStem;
        (_paddedWidth, _paddedHeight) = (w4 + 2 * FirstPad, h4 + 2 * FirstPad);
        if (weights.FirstInt8 is null) _input = new PaddedPlanes(3, w4, h4, FirstPad);
        else _packed = QuantizedFirstConv.PackedFor(_paddedWidth, _paddedHeight);
        _first = new PaddedPlanes(stem[0].OutChannels, w4, h4, 1);
        _second = new PaddedPlanes(stem[1].OutChannels, w4 / 2, h4 / 2, 0);
        _third = new PaddedPlanes(stem[2].OutChannels, w4 / 2, h4 / 2, 1);
        _fourth = new PaddedPlanes(stem[3].OutChannels, w4 / 4, h4 / 4, 0);
        _output = new PaddedPlanes(stem[4].OutChannels, w4 / 4, h4 / 4, 0, contiguous: true);
        // Padding to ×4 (bottom, right) then by 4 for the 9×9 conv, both reflections, as index maps into the frame.
        _rowSource = [.. Enumerable.Range(-FirstPad, h4 + 2 * FirstPad).Select(y => PaddedPlanes.Reflect(PaddedPlanes.Reflect(y, h4), height))];
        _columnSource = [.. Enumerable.Range(-FirstPad, w4 + 2 * FirstPad).Select(x => PaddedPlanes.Reflect(PaddedPlanes.Reflect(x, w4), width))];
        _pad = new WorkerTeam.Rows(PadRow);
        _wide = weights.Choice.Wide;
        _bands = _wide ? new WorkerTeam.Rows(Band<Lanes512, Vector512<float>>) : new WorkerTeam.Rows(Band<Lanes256, Vector256<float>>);
        _bandEdges = _wide ? new WorkerTeam.Rows(BandEdge<Lanes512, Vector512<float>>) : new WorkerTeam.Rows(BandEdge<Lanes256, Vector256<float>>);
    }

    /// <summary>[64, H′/4, W′/4] with H′, W′ the frame's sides rounded up to multiples of 4.</summary>
    public float[] Output => _output.Data;
    public int OutputChannels => _output.Channels;
    public int OutputWidth => _output.Width;
    public int OutputHeight => _output.Height;

    /// <param name="content">The frame, [3, H, W] in [0, 1].</param>
    public void Run(float[] content, WorkerTeam team)
    {
        _content = content;
        team.Run(_pad, _paddedHeight);
        var bands = (_output.Height + BandRows - 1) / BandRows;
        team.Run(_bands, bands);
        team.Run(_bandEdges, bands - 1);
        _content = null;
    }

    /// <summary>
    /// Output rows [p, q) but p itself (unless p is 0): on the way, enc1.0's rows [4p, 4q) and
    /// enc1.2 + enc1.4's rows [2p+1, 2q), made just before they are read.
    /// </summary>
    private void Band<TLanes, TVector>(int band)
        where TLanes : IFloatLanes<TVector> where TVector : struct
    {
        var p = band * BandRows;
        var q = Math.Min(p + BandRows, _output.Height);
        var nextFirst = 4 * p;
        var nextThird = p == 0 ? 0 : 2 * p + 1;
        for (var y = p == 0 ? 0 : p + 1; y < q; y++)
        {
            // Output row y reads enc1.4's rows 2y−1…2y+1, each of which reads enc1.0's rows 2r−1…2r+1.
            for (; nextThird <= 2 * y + 1; nextThird++) SecondAndThirdRow<TLanes, TVector>(nextThird, ref nextFirst);
            if (y == 0) _third.ReflectTopRows();
            QuarterRow<TLanes, TVector>(y);
        }
        // A band of one row makes none of its own, but the edge above it reads its enc1.4 row.
        for (; nextThird < 2 * q; nextThird++) SecondAndThirdRow<TLanes, TVector>(nextThird, ref nextFirst);
    }

    /// <summary>Output row p of the band edge above band <paramref name="edge"/>+1, once both bands' rows are made.</summary>
    private void BandEdge<TLanes, TVector>(int edge)
        where TLanes : IFloatLanes<TVector> where TVector : struct
    {
        var p = (edge + 1) * BandRows;
        var unused = int.MaxValue;
        SecondAndThirdRow<TLanes, TVector>(2 * p, ref unused);
        QuarterRow<TLanes, TVector>(p);
    }

    /// <summary>enc1.2 and enc1.4 for half-size row <paramref name="y"/>, after enc1.0's rows up to 2y+1 (counted by <paramref name="nextFirst"/>).</summary>
    private void SecondAndThirdRow<TLanes, TVector>(int y, ref int nextFirst)
        where TLanes : IFloatLanes<TVector> where TVector : struct
    {
        for (; nextFirst <= 2 * y + 1; nextFirst++)
        {
            FirstRow<TLanes, TVector>(nextFirst);
            if (nextFirst == 1) _first.ReflectTopRows();
        }
        StrideTwoGrouped.Row<TLanes, TVector>(_first, _weights.Stem[0].Weights, _weights.Stem[0].Bias, _second, y);
        PointwiseRow<TLanes, TVector>(_second, _weights.Stem[1], _third, y);
    }

    private void QuarterRow<TLanes, TVector>(int y)
        where TLanes : IFloatLanes<TVector> where TVector : struct
    {
        StrideTwoGrouped.Row<TLanes, TVector>(_third, _weights.Stem[2].Weights, _weights.Stem[2].Bias, _fourth, y);
        PointwiseRow<TLanes, TVector>(_fourth, _weights.Stem[3], _output, y);
    }

    private void PadRow(int paddedY)
    {
        if (_packed is not null)
        {
            // enc1.0 in int8 reads the frame packed as uint8 pixels: padded straight from the frame.
            _weights.FirstInt8!.PackFrameRow(_content!, _width, _height, _rowSource[paddedY], _columnSource, FirstPad,
                _packed.AsSpan(paddedY * _paddedWidth, _paddedWidth), _wide);
            return;
        }
        var input = _input!;
        var source = _rowSource[paddedY] * _width;
        var plane = _width * _height;
        for (var c = 0; c < 3; c++)
        {
            var from = _content.AsSpan(c * plane + source, _width);
            var row = input.Data.AsSpan(input.Row(c, paddedY - FirstPad) - FirstPad, input.Stride);
            from.CopyTo(row[FirstPad..]);
            for (var x = 0; x < FirstPad; x++) row[x] = from[_columnSource[x]];
            for (var x = FirstPad + _width; x < row.Length; x++) row[x] = from[_columnSource[x]];
        }
    }

    private static void PointwiseRow<TLanes, TVector>(PaddedPlanes input, (float[] Weights, float[] Bias) conv, PaddedPlanes output, int y)
        where TLanes : IFloatLanes<TVector> where TVector : struct
    {
        for (var o = 0; o < output.Channels; o += 16) Pointwise.Row<TLanes, TVector>(input, y, conv.Weights, conv.Bias, o, output, y);
        for (var c = 0; c < output.Channels; c++) output.ReflectColumns(c, y);
    }

    /// <summary>enc1.0 for one row, ReLU, into the padded plane.</summary>
    private void FirstRow<TLanes, TVector>(int y)
        where TLanes : IFloatLanes<TVector> where TVector : struct
    {
        if (_packed is not null)
            _weights.FirstInt8!.OutputRow(_packed, _paddedWidth, _first, y);
        else
            FirstRowFloat<TLanes, TVector>(y);
        for (var c = 0; c < _first.Channels; c++) _first.ReflectColumns(c, y);
    }

    /// <summary>enc1.0 in fp32: 16 output channels × one vector of pixels per step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FirstRowFloat<TLanes, TVector>(int y)
        where TLanes : IFloatLanes<TVector> where TVector : struct
    {
        const int taps = 81;
        ref var w = ref _weights.First.Weights[0];
        ref var bias = ref _weights.First.Bias[0];
        var planes = _input!;
        ref var input = ref planes.Data[0];
        ref var output = ref _first.Data[0];
        var width = _first.Width;
        var lanes = TLanes.Count;
        for (var x = 0; x < width; x += lanes)
        {
            var xs = Math.Min(x, width - lanes);
            var a0 = TLanes.Create(Unsafe.Add(ref bias, 0)); var a1 = TLanes.Create(Unsafe.Add(ref bias, 1));
            var a2 = TLanes.Create(Unsafe.Add(ref bias, 2)); var a3 = TLanes.Create(Unsafe.Add(ref bias, 3));
            var a4 = TLanes.Create(Unsafe.Add(ref bias, 4)); var a5 = TLanes.Create(Unsafe.Add(ref bias, 5));
            var a6 = TLanes.Create(Unsafe.Add(ref bias, 6)); var a7 = TLanes.Create(Unsafe.Add(ref bias, 7));
            var a8 = TLanes.Create(Unsafe.Add(ref bias, 8)); var a9 = TLanes.Create(Unsafe.Add(ref bias, 9));
            var a10 = TLanes.Create(Unsafe.Add(ref bias, 10)); var a11 = TLanes.Create(Unsafe.Add(ref bias, 11));
            var a12 = TLanes.Create(Unsafe.Add(ref bias, 12)); var a13 = TLanes.Create(Unsafe.Add(ref bias, 13));
            var a14 = TLanes.Create(Unsafe.Add(ref bias, 14)); var a15 = TLanes.Create(Unsafe.Add(ref bias, 15));
            for (var c = 0; c < 3; c++)
            {
                for (var ky = 0; ky < 9; ky++)
                {
                    var row = planes.Row(c, y + ky - FirstPad) - FirstPad + xs;
                    var tap = (c * taps + ky * 9) * 16;
                    for (var kx = 0; kx < 9; kx++, tap += 16)
                    {
                        var v = TLanes.Load(ref input, (nuint)(row + kx));
                        ref var t = ref Unsafe.Add(ref w, tap);
                        a0 = TLanes.MultiplyAdd(v, TLanes.Create(Unsafe.Add(ref t, 0)), a0);
                        a1 = TLanes.MultiplyAdd(v, TLanes.Create(Unsafe.Add(ref t, 1)), a1);
                        a2 = TLanes.MultiplyAdd(v, TLanes.Create(Unsafe.Add(ref t, 2)), a2);
                        a3 = TLanes.MultiplyAdd(v, TLanes.Create(Unsafe.Add(ref t, 3)), a3);
                        a4 = TLanes.MultiplyAdd(v, TLanes.Create(Unsafe.Add(ref t, 4)), a4);
                        a5 = TLanes.MultiplyAdd(v, TLanes.Create(Unsafe.Add(ref t, 5)), a5);
                        a6 = TLanes.MultiplyAdd(v, TLanes.Create(Unsafe.Add(ref t, 6)), a6);
                        a7 = TLanes.MultiplyAdd(v, TLanes.Create(Unsafe.Add(ref t, 7)), a7);
                        a8 = TLanes.MultiplyAdd(v, TLanes.Create(Unsafe.Add(ref t, 8)), a8);
                        a9 = TLanes.MultiplyAdd(v, TLanes.Create(Unsafe.Add(ref t, 9)), a9);
                        a10 = TLanes.MultiplyAdd(v, TLanes.Create(Unsafe.Add(ref t, 10)), a10);
                        a11 = TLanes.MultiplyAdd(v, TLanes.Create(Unsafe.Add(ref t, 11)), a11);
                        a12 = TLanes.MultiplyAdd(v, TLanes.Create(Unsafe.Add(ref t, 12)), a12);
                        a13 = TLanes.MultiplyAdd(v, TLanes.Create(Unsafe.Add(ref t, 13)), a13);
                        a14 = TLanes.MultiplyAdd(v, TLanes.Create(Unsafe.Add(ref t, 14)), a14);
                        a15 = TLanes.MultiplyAdd(v, TLanes.Create(Unsafe.Add(ref t, 15)), a15);
                    }
                }
            }
            TLanes.Store(TLanes.Relu(a0), ref output, (nuint)(_first.Row(0, y) + xs));
            TLanes.Store(TLanes.Relu(a1), ref output, (nuint)(_first.Row(1, y) + xs));
            TLanes.Store(TLanes.Relu(a2), ref output, (nuint)(_first.Row(2, y) + xs));
            TLanes.Store(TLanes.Relu(a3), ref output, (nuint)(_first.Row(3, y) + xs));
            TLanes.Store(TLanes.Relu(a4), ref output, (nuint)(_first.Row(4, y) + xs));
            TLanes.Store(TLanes.Relu(a5), ref output, (nuint)(_first.Row(5, y) + xs));
            TLanes.Store(TLanes.Relu(a6), ref output, (nuint)(_first.Row(6, y) + xs));
            TLanes.Store(TLanes.Relu(a7), ref output, (nuint)(_first.Row(7, y) + xs));
            TLanes.Store(TLanes.Relu(a8), ref output, (nuint)(_first.Row(8, y) + xs));
            TLanes.Store(TLanes.Relu(a9), ref output, (nuint)(_first.Row(9, y) + xs));
            TLanes.Store(TLanes.Relu(a10), ref output, (nuint)(_first.Row(10, y) + xs));
            TLanes.Store(TLanes.Relu(a11), ref output, (nuint)(_first.Row(11, y) + xs));
            TLanes.Store(TLanes.Relu(a12), ref output, (nuint)(_first.Row(12, y) + xs));
            TLanes.Store(TLanes.Relu(a13), ref output, (nuint)(_first.Row(13, y) + xs));
            TLanes.Store(TLanes.Relu(a14), ref output, (nuint)(_first.Row(14, y) + xs));
            TLanes.Store(TLanes.Relu(a15), ref output, (nuint)(_first.Row(15, y) + xs));
        }
    }
}
