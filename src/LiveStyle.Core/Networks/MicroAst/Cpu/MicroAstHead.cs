using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
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
        _bands = new WorkerTeam.Rows(Band);
        _bandEdges = new WorkerTeam.Rows(BandEdge);
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
    private void Band(int band)
    {
        var p = band * BandRows;
        var q = Math.Min(p + BandRows, _output.Height);
        var nextFirst = 4 * p;
        var nextThird = p == 0 ? 0 : 2 * p + 1;
        for (var y = p == 0 ? 0 : p + 1; y < q; y++)
        {
            // Output row y reads enc1.4's rows 2y−1…2y+1, each of which reads enc1.0's rows 2r−1…2r+1.
            for (; nextThird <= 2 * y + 1; nextThird++) SecondAndThirdRow(nextThird, ref nextFirst);
            if (y == 0) _third.ReflectTopRows();
            QuarterRow(y);
        }
        // A band of one row makes none of its own, but the edge above it reads its enc1.4 row.
        for (; nextThird < 2 * q; nextThird++) SecondAndThirdRow(nextThird, ref nextFirst);
    }

    /// <summary>Output row p of the band edge above band <paramref name="edge"/>+1, once both bands' rows are made.</summary>
    private void BandEdge(int edge)
    {
        var p = (edge + 1) * BandRows;
        var unused = int.MaxValue;
        SecondAndThirdRow(2 * p, ref unused);
        QuarterRow(p);
    }

    /// <summary>enc1.2 and enc1.4 for half-size row <paramref name="y"/>, after enc1.0's rows up to 2y+1 (counted by <paramref name="nextFirst"/>).</summary>
    private void SecondAndThirdRow(int y, ref int nextFirst)
    {
        for (; nextFirst <= 2 * y + 1; nextFirst++)
        {
            FirstRow(nextFirst);
            if (nextFirst == 1) _first.ReflectTopRows();
        }
        StrideTwoGrouped.Row(_first, _weights.Stem[0].Weights, _weights.Stem[0].Bias, _second, y);
        PointwiseRow(_second, _weights.Stem[1], _third, y);
    }

    private void QuarterRow(int y)
    {
        StrideTwoGrouped.Row(_third, _weights.Stem[2].Weights, _weights.Stem[2].Bias, _fourth, y);
        PointwiseRow(_fourth, _weights.Stem[3], _output, y);
    }

    private void PadRow(int paddedY)
    {
        if (_packed is not null)
        {
            // enc1.0 in int8 reads the frame packed as uint8 pixels: padded straight from the frame.
            _weights.FirstInt8!.PackFrameRow(_content!, _width, _height, _rowSource[paddedY], _columnSource, FirstPad,
                _packed.AsSpan(paddedY * _paddedWidth, _paddedWidth));
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

    private static void PointwiseRow(PaddedPlanes input, (float[] Weights, float[] Bias) conv, PaddedPlanes output, int y)
    {
        for (var o = 0; o < output.Channels; o += 16) Pointwise.Row(input, y, conv.Weights, conv.Bias, o, output, y);
        for (var c = 0; c < output.Channels; c++) output.ReflectColumns(c, y);
    }

    /// <summary>enc1.0 for one row, ReLU, into the padded plane.</summary>
    private void FirstRow(int y)
    {
        if (_packed is not null)
            _weights.FirstInt8!.OutputRow(_packed, _paddedWidth, _first, y);
        else
            FirstRowFloat(y);
        for (var c = 0; c < _first.Channels; c++) _first.ReflectColumns(c, y);
    }

    /// <summary>enc1.0 in fp32: 16 output channels × 16 pixels per step.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void FirstRowFloat(int y)
    {
        const int taps = 81;
        ref var w = ref _weights.First.Weights[0];
        ref var bias = ref _weights.First.Bias[0];
        var planes = _input!;
        ref var input = ref planes.Data[0];
        ref var output = ref _first.Data[0];
        var width = _first.Width;
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
            for (var c = 0; c < 3; c++)
            {
                for (var ky = 0; ky < 9; ky++)
                {
                    var row = planes.Row(c, y + ky - FirstPad) - FirstPad + xs;
                    var tap = (c * taps + ky * 9) * 16;
                    for (var kx = 0; kx < 9; kx++, tap += 16)
                    {
                        var v = Vector512.LoadUnsafe(ref input, (nuint)(row + kx));
                        ref var t = ref Unsafe.Add(ref w, tap);
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
                }
            }
            var zero = Vector512<float>.Zero;
            Avx512F.Max(a0, zero).StoreUnsafe(ref output, (nuint)(_first.Row(0, y) + xs));
            Avx512F.Max(a1, zero).StoreUnsafe(ref output, (nuint)(_first.Row(1, y) + xs));
            Avx512F.Max(a2, zero).StoreUnsafe(ref output, (nuint)(_first.Row(2, y) + xs));
            Avx512F.Max(a3, zero).StoreUnsafe(ref output, (nuint)(_first.Row(3, y) + xs));
            Avx512F.Max(a4, zero).StoreUnsafe(ref output, (nuint)(_first.Row(4, y) + xs));
            Avx512F.Max(a5, zero).StoreUnsafe(ref output, (nuint)(_first.Row(5, y) + xs));
            Avx512F.Max(a6, zero).StoreUnsafe(ref output, (nuint)(_first.Row(6, y) + xs));
            Avx512F.Max(a7, zero).StoreUnsafe(ref output, (nuint)(_first.Row(7, y) + xs));
            Avx512F.Max(a8, zero).StoreUnsafe(ref output, (nuint)(_first.Row(8, y) + xs));
            Avx512F.Max(a9, zero).StoreUnsafe(ref output, (nuint)(_first.Row(9, y) + xs));
            Avx512F.Max(a10, zero).StoreUnsafe(ref output, (nuint)(_first.Row(10, y) + xs));
            Avx512F.Max(a11, zero).StoreUnsafe(ref output, (nuint)(_first.Row(11, y) + xs));
            Avx512F.Max(a12, zero).StoreUnsafe(ref output, (nuint)(_first.Row(12, y) + xs));
            Avx512F.Max(a13, zero).StoreUnsafe(ref output, (nuint)(_first.Row(13, y) + xs));
            Avx512F.Max(a14, zero).StoreUnsafe(ref output, (nuint)(_first.Row(14, y) + xs));
            Avx512F.Max(a15, zero).StoreUnsafe(ref output, (nuint)(_first.Row(15, y) + xs));
        }
    }
}
