using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using LiveStyle.Core.Quantization;
using LiveStyle.Core.Weights;

namespace LiveStyle.Core.Networks.MicroAst.Cpu;

/// <summary>
/// enc1.0 (9×9 3→16) in int8, as the int8 fast stylizer's quality gate judged it: the frame as
/// uint8 at 1/255 (exact for a frame that came from 8 bits), the weights int8 with one scale per
/// output channel, int32 sums and bias (by AVX-VNNI or AVX2, see <see cref="Int8Sums"/>), requantized to the output's uint8 grid as
/// QLinearConv does (saturating at 0 is the ReLU), and dequantized into float planes.
/// A pixel's three channels share one 32-bit lane (the fourth byte is 0): one u8×s8 instruction
/// does three taps for eight pixels, where an fp32 FMA does one tap for sixteen.
/// </summary>
internal sealed class QuantizedFirstConv
{
    private const int Taps = 81;
    private const int Outputs = 16;
    private readonly float _inverseInputScale;
    private readonly int[] _weights;        // [tap][16 outputs]: the int8 weights of R, G, B and a 0, one int
    private readonly int[] _bias;           // int32, at input scale × weight scale
    private readonly float[] _requantize;   // input scale × weight scale / output scale, per output
    private readonly float _outputScale;    // zero point 0: the conv is followed by a ReLU
    private readonly Int8Sums _sums;

    private QuantizedFirstConv(float inputScale, int[] weights, int[] bias, float[] requantize, float outputScale, Int8Sums sums)
    {
        _sums = sums;
        _inverseInputScale = 1f / inputScale;
        _weights = weights;
        _bias = bias;
        _requantize = requantize;
        _outputScale = outputScale;
    }

    /// <summary>The int8 conv for enc1.0 from the plan the int8 stylizer was built with, or null when the plan keeps it float.</summary>
    public static QuantizedFirstConv? From(StylizerQuantization? plan, MicroAstWeights weights, Int8Sums sums)
    {
        var conv = MicroAstArchitecture.EncoderStem[0];
        if (plan is null || !plan.IsQuantized(conv.Key)) return null;
        var input = plan.For($"{conv.Key}.in");
        var output = plan.For($"{conv.Key}.out");
        if (input.ZeroPoint != 0 || output.ZeroPoint != 0 || conv.InChannels != 3 || conv.OutChannels != Outputs || conv.Kernel != 9) return null;
        var encoder = weights.ContentEncoder;
        var q = ConvWeightQuantization.Create(encoder[conv.WeightName], encoder[conv.BiasName], input.Scale);
        var packed = new int[Taps * Outputs];
        for (var t = 0; t < Taps; t++)
            for (var o = 0; o < Outputs; o++)
            {
                var word = 0;
                for (var c = 0; c < 3; c++)
                    word |= (byte)q.Weights[(o * 3 + c) * Taps + t] << (8 * c);
                packed[t * Outputs + o] = word;
            }
        var requantize = q.WeightScales.Select(s => input.Scale * s / output.Scale).ToArray();
        return new QuantizedFirstConv(input.Scale, packed, q.Bias, requantize, output.Scale, sums);
    }

    /// <summary>Packed input for a padded frame: [padded row][padded column], one pixel per int.</summary>
    public static int[] PackedFor(int paddedWidth, int paddedHeight) => new int[paddedHeight * paddedWidth];

    /// <summary>
    /// Quantizes one row of the frame (planes [3, H, W]) into one padded row of the packed layout: column
    /// x of the packed row takes frame column <paramref name="columnSource"/>[x] (the reflections included).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void PackFrameRow(float[] frame, int width, int height, int frameRow, int[] columnSource, int pad, Span<int> packedRow, bool wide)
    {
        var plane = width * height;
        var row = frameRow * width;
        ref var source = ref frame[0];
        ref var target = ref packedRow[pad];
        if (wide) PackInside512(ref source, plane, row, width, ref target);
        else PackInside256(ref source, plane, row, width, ref target);
        for (var x = 0; x < packedRow.Length; x++)
        {
            if (x == pad) x = pad + width;   // the inside is done
            if (x >= packedRow.Length) break;
            var at = row + columnSource[x];
            packedRow[x] = QuantizeOne(frame[at]) | (QuantizeOne(frame[plane + at]) << 8) | (QuantizeOne(frame[2 * plane + at]) << 16);
        }
    }

    private void PackInside512(ref float source, int plane, int row, int width, ref int target)
    {
        var scale = Vector512.Create(_inverseInputScale);
        var top = Vector512.Create(255);
        for (var x = 0; x < width; x += 16)
        {
            var xs = Math.Min(x, width - 16);
            var red = QuantizedLastConv.Quantize(Vector512.LoadUnsafe(ref source, (nuint)(row + xs)), scale, top);
            var green = QuantizedLastConv.Quantize(Vector512.LoadUnsafe(ref source, (nuint)(plane + row + xs)), scale, top);
            var blue = QuantizedLastConv.Quantize(Vector512.LoadUnsafe(ref source, (nuint)(2 * plane + row + xs)), scale, top);
            (red | (green << 8) | (blue << 16)).StoreUnsafe(ref target, (nuint)xs);
        }
    }

    private void PackInside256(ref float source, int plane, int row, int width, ref int target)
    {
        var scale = Vector256.Create(_inverseInputScale);
        var top = Vector256.Create(255);
        for (var x = 0; x < width; x += 8)
        {
            var xs = Math.Min(x, width - 8);
            var red = QuantizedLastConv.Quantize(Vector256.LoadUnsafe(ref source, (nuint)(row + xs)), scale, top);
            var green = QuantizedLastConv.Quantize(Vector256.LoadUnsafe(ref source, (nuint)(plane + row + xs)), scale, top);
            var blue = QuantizedLastConv.Quantize(Vector256.LoadUnsafe(ref source, (nuint)(2 * plane + row + xs)), scale, top);
            (red | (green << 8) | (blue << 16)).StoreUnsafe(ref target, (nuint)xs);
        }
    }

    private int QuantizeOne(float value) => Math.Clamp((int)MathF.Round(value * _inverseInputScale, MidpointRounding.ToEven), 0, 255);


    /// <summary>
    /// Output row <paramref name="y"/> into <paramref name="output"/> (16 channels, ReLU'd): 16 channels × 8 pixels a step.
    /// Padded row y+ky, padded column x+kx of the packed input feed output (y, x).
    /// </summary>
    public void OutputRow(int[] packed, int packedStride, PaddedPlanes output, int y)
    {
        if (_sums == Int8Sums.AvxVnni) OutputRow<VnniSumOps>(packed, packedStride, output, y);
        else OutputRow<WidenedSumOps>(packed, packedStride, output, y);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void OutputRow<TSums>(int[] packed, int packedStride, PaddedPlanes output, int y) where TSums : IInt8SumOps
    {
        ref var input = ref packed[0];
        ref var w = ref _weights[0];
        var width = output.Width;
        int outputAt = output.Row(0, y), outputStride = output.PlaneStride;
        for (var x = 0; x < width; x += 8)
        {
            var xs = Math.Min(x, width - 8);
            Vector256<int> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
            Vector256<int> a8 = default, a9 = default, a10 = default, a11 = default, a12 = default, a13 = default, a14 = default, a15 = default;
            for (var ky = 0; ky < 9; ky++)
            {
                var row = (y + ky) * packedStride + xs;
                ref var t = ref Unsafe.Add(ref w, ky * 9 * Outputs);
                for (var kx = 0; kx < 9; kx++, t = ref Unsafe.Add(ref t, Outputs))
                {
                    var v = Vector256.LoadUnsafe(ref input, (nuint)(row + kx)).AsByte();
                    a0 = TSums.Add(a0, v, Vector256.Create(Unsafe.Add(ref t, 0)).AsSByte());
                    a1 = TSums.Add(a1, v, Vector256.Create(Unsafe.Add(ref t, 1)).AsSByte());
                    a2 = TSums.Add(a2, v, Vector256.Create(Unsafe.Add(ref t, 2)).AsSByte());
                    a3 = TSums.Add(a3, v, Vector256.Create(Unsafe.Add(ref t, 3)).AsSByte());
                    a4 = TSums.Add(a4, v, Vector256.Create(Unsafe.Add(ref t, 4)).AsSByte());
                    a5 = TSums.Add(a5, v, Vector256.Create(Unsafe.Add(ref t, 5)).AsSByte());
                    a6 = TSums.Add(a6, v, Vector256.Create(Unsafe.Add(ref t, 6)).AsSByte());
                    a7 = TSums.Add(a7, v, Vector256.Create(Unsafe.Add(ref t, 7)).AsSByte());
                    a8 = TSums.Add(a8, v, Vector256.Create(Unsafe.Add(ref t, 8)).AsSByte());
                    a9 = TSums.Add(a9, v, Vector256.Create(Unsafe.Add(ref t, 9)).AsSByte());
                    a10 = TSums.Add(a10, v, Vector256.Create(Unsafe.Add(ref t, 10)).AsSByte());
                    a11 = TSums.Add(a11, v, Vector256.Create(Unsafe.Add(ref t, 11)).AsSByte());
                    a12 = TSums.Add(a12, v, Vector256.Create(Unsafe.Add(ref t, 12)).AsSByte());
                    a13 = TSums.Add(a13, v, Vector256.Create(Unsafe.Add(ref t, 13)).AsSByte());
                    a14 = TSums.Add(a14, v, Vector256.Create(Unsafe.Add(ref t, 14)).AsSByte());
                    a15 = TSums.Add(a15, v, Vector256.Create(Unsafe.Add(ref t, 15)).AsSByte());
                }
            }
            ref var o = ref output.Data[0];
            Store(a0, 0, ref o, outputAt + 0 * outputStride + xs); Store(a1, 1, ref o, outputAt + 1 * outputStride + xs);
            Store(a2, 2, ref o, outputAt + 2 * outputStride + xs); Store(a3, 3, ref o, outputAt + 3 * outputStride + xs);
            Store(a4, 4, ref o, outputAt + 4 * outputStride + xs); Store(a5, 5, ref o, outputAt + 5 * outputStride + xs);
            Store(a6, 6, ref o, outputAt + 6 * outputStride + xs); Store(a7, 7, ref o, outputAt + 7 * outputStride + xs);
            Store(a8, 8, ref o, outputAt + 8 * outputStride + xs); Store(a9, 9, ref o, outputAt + 9 * outputStride + xs);
            Store(a10, 10, ref o, outputAt + 10 * outputStride + xs); Store(a11, 11, ref o, outputAt + 11 * outputStride + xs);
            Store(a12, 12, ref o, outputAt + 12 * outputStride + xs); Store(a13, 13, ref o, outputAt + 13 * outputStride + xs);
            Store(a14, 14, ref o, outputAt + 14 * outputStride + xs); Store(a15, 15, ref o, outputAt + 15 * outputStride + xs);
        }
    }

    private void Store(Vector256<int> sums, int channel, ref float destination, int at)
    {
        // As ONNX Runtime's QLinearConv requantizes: the int32 sum with the int32 bias, times the float multiplier, rounded half to even, saturated.
        var scaled = Avx.ConvertToVector256Single(sums + Vector256.Create(_bias[channel])) * Vector256.Create(_requantize[channel]);
        var level = Avx2.Min(Avx2.Max(Avx.ConvertToVector256Int32(scaled), Vector256<int>.Zero), Vector256.Create(255));
        (Avx.ConvertToVector256Single(level) * Vector256.Create(_outputScale)).StoreUnsafe(ref destination, (nuint)at);
    }
}
