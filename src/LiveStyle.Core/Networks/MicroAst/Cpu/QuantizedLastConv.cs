using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using LiveStyle.Core.Imaging;
using LiveStyle.Core.Quantization;
using LiveStyle.Core.Weights;

namespace LiveStyle.Core.Networks.MicroAst.Cpu;

/// <summary>
/// dec3.10 (9×9 16→3) in int8, as the int8 fast stylizer's quality gate judged it: the input as
/// uint8 at its calibrated scale (zero point 0: it follows a ReLU), the weights int8 with one scale
/// per output channel, int32 sums by AVX-VNNI or AVX2 (<see cref="Int8Sums"/>; u8×s8, four channels per 32-bit lane: twice the
/// products per instruction of an fp32 FMA), then scaled back, biased, clamped to [0, 1].
/// The input planes are first packed as four groups of four channels, [group][row][x][4 bytes].
/// </summary>
internal sealed class QuantizedLastConv
{
    private const int Groups = 4;
    private const int Taps = 81;
    private readonly float _inverseInputScale;
    private readonly int[] _weights;        // [group][tap][3 outputs]: four int8 weights (one per channel of the group) per int
    private readonly float[] _outputScales; // input scale × weight scale, per output
    private readonly float[] _bias;
    private readonly Int8Sums _sums;

    private QuantizedLastConv(float inputScale, int[] weights, float[] outputScales, float[] bias, Int8Sums sums)
    {
        _sums = sums;
        _inverseInputScale = 1f / inputScale;
        _weights = weights;
        _outputScales = outputScales;
        _bias = bias;
    }

    /// <summary>The int8 conv for dec3.10 from the plan the int8 stylizer was built with, or null when the plan keeps it float.</summary>
    public static QuantizedLastConv? From(StylizerQuantization? plan, MicroAstWeights weights, Int8Sums sums)
    {
        var conv = MicroAstArchitecture.DecoderTail[^1];
        if (plan is null || !plan.IsQuantized(conv.Key)) return null;
        var input = plan.For($"{conv.Key}.in");
        if (input.ZeroPoint != 0 || conv.InChannels != Groups * 4 || conv.Kernel != 9) return null;
        var q = ConvWeightQuantization.Create(weights.Decoder[conv.WeightName], weights.Decoder[conv.BiasName], input.Scale);
        var packed = new int[Groups * Taps * 3];
        for (var g = 0; g < Groups; g++)
            for (var t = 0; t < Taps; t++)
                for (var o = 0; o < 3; o++)
                {
                    var word = 0;
                    for (var c = 0; c < 4; c++)
                        word |= (byte)q.Weights[(o * conv.InChannels + 4 * g + c) * Taps + t] << (8 * c);
                    packed[(g * Taps + t) * 3 + o] = word;
                }
        var scales = q.WeightScales.Select(s => s * input.Scale).ToArray();
        return new QuantizedLastConv(input.Scale, packed, scales, (float[])weights.Decoder[conv.BiasName].Data.Clone(), sums);
    }

    /// <summary>Packed uint8 input planes for padded planes of this shape.</summary>
    public static byte[] PackedFor(PaddedPlanes planes) => new byte[Groups * planes.PaddedHeight * planes.Stride * 4];

    /// <summary>Quantizes one padded row (borders included) of all 16 channels into the packed layout.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void PackRow(PaddedPlanes planes, int paddedRow, byte[] packed, bool wide)
    {
        if (wide) PackRow512(planes, paddedRow, packed);
        else PackRow256(planes, paddedRow, packed);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PackRow512(PaddedPlanes planes, int paddedRow, byte[] packed)
    {
        var y = paddedRow - planes.Pad;
        var width = planes.Stride;
        ref var source = ref planes.Data[0];
        ref var target = ref Unsafe.As<byte, int>(ref packed[0]);
        var scale = Vector512.Create(_inverseInputScale);
        var top = Vector512.Create(255);
        for (var g = 0; g < Groups; g++)
        {
            var r0 = planes.Row(4 * g, y) - planes.Pad;
            var r1 = planes.Row(4 * g + 1, y) - planes.Pad;
            var r2 = planes.Row(4 * g + 2, y) - planes.Pad;
            var r3 = planes.Row(4 * g + 3, y) - planes.Pad;
            var row = (g * planes.PaddedHeight + paddedRow) * width;
            for (var x = 0; x < width; x += 16)
            {
                var xs = Math.Min(x, width - 16);
                var c0 = Quantize(Vector512.LoadUnsafe(ref source, (nuint)(r0 + xs)), scale, top);
                var c1 = Quantize(Vector512.LoadUnsafe(ref source, (nuint)(r1 + xs)), scale, top);
                var c2 = Quantize(Vector512.LoadUnsafe(ref source, (nuint)(r2 + xs)), scale, top);
                var c3 = Quantize(Vector512.LoadUnsafe(ref source, (nuint)(r3 + xs)), scale, top);
                (c0 | (c1 << 8) | (c2 << 16) | (c3 << 24)).StoreUnsafe(ref target, (nuint)(row + xs));
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PackRow256(PaddedPlanes planes, int paddedRow, byte[] packed)
    {
        var y = paddedRow - planes.Pad;
        var width = planes.Stride;
        ref var source = ref planes.Data[0];
        ref var target = ref Unsafe.As<byte, int>(ref packed[0]);
        var scale = Vector256.Create(_inverseInputScale);
        var top = Vector256.Create(255);
        for (var g = 0; g < Groups; g++)
        {
            var r0 = planes.Row(4 * g, y) - planes.Pad;
            var r1 = planes.Row(4 * g + 1, y) - planes.Pad;
            var r2 = planes.Row(4 * g + 2, y) - planes.Pad;
            var r3 = planes.Row(4 * g + 3, y) - planes.Pad;
            var row = (g * planes.PaddedHeight + paddedRow) * width;
            for (var x = 0; x < width; x += 8)
            {
                var xs = Math.Min(x, width - 8);
                var c0 = Quantize(Vector256.LoadUnsafe(ref source, (nuint)(r0 + xs)), scale, top);
                var c1 = Quantize(Vector256.LoadUnsafe(ref source, (nuint)(r1 + xs)), scale, top);
                var c2 = Quantize(Vector256.LoadUnsafe(ref source, (nuint)(r2 + xs)), scale, top);
                var c3 = Quantize(Vector256.LoadUnsafe(ref source, (nuint)(r3 + xs)), scale, top);
                (c0 | (c1 << 8) | (c2 << 16) | (c3 << 24)).StoreUnsafe(ref target, (nuint)(row + xs));
            }
        }
    }

    /// <summary>uint8 levels of 8 values, as <see cref="Quantize(Vector512{float}, Vector512{float}, Vector512{int})"/>.</summary>
    internal static Vector256<int> Quantize(Vector256<float> value, Vector256<float> inverseScale, Vector256<int> top) =>
        Avx2.Min(Avx2.Max(Avx.ConvertToVector256Int32(value * inverseScale), Vector256<int>.Zero), top);

    /// <summary>uint8 levels of 16 values: rounded half to even (as QuantizeLinear), saturated to [0, <paramref name="top"/>].</summary>
    internal static Vector512<int> Quantize(Vector512<float> value, Vector512<float> inverseScale, Vector512<int> top) =>
        Avx512F.Min(Avx512F.Max(Avx512F.ConvertToVector512Int32(value * inverseScale), Vector512<int>.Zero), top);

    /// <summary>Output row <paramref name="y"/>: 3 channels × 32 pixels per step (8 where the frame is narrower), clamped to [0, 1].</summary>
    public void OutputRow(byte[] packed, PaddedPlanes planes, int y, PlanarImage output)
    {
        if (_sums == Int8Sums.AvxVnni) OutputRow<VnniSumOps>(packed, planes, y, output);
        else OutputRow<WidenedSumOps>(packed, planes, y, output);
    }

    private void OutputRow<TSums>(byte[] packed, PaddedPlanes planes, int y, PlanarImage output) where TSums : IInt8SumOps
    {
        var width = output.Width;
        if (width >= 32)
            for (var x = 0; x < width; x += 32) Block32<TSums>(packed, planes, y, Math.Min(x, width - 32), output);
        else
            for (var x = 0; x < width; x += 8) Block8<TSums>(packed, planes, y, Math.Min(x, width - 8), output);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Block32<TSums>(byte[] packed, PaddedPlanes planes, int y, int xs, PlanarImage output) where TSums : IInt8SumOps
    {
        ref var input = ref Unsafe.As<byte, int>(ref packed[0]);
        ref var w = ref _weights[0];
        Vector256<int> a00 = default, a01 = default, a02 = default, a03 = default;
        Vector256<int> a10 = default, a11 = default, a12 = default, a13 = default;
        Vector256<int> a20 = default, a21 = default, a22 = default, a23 = default;
        int stride = planes.Stride, height = planes.PaddedHeight;
        for (var g = 0; g < Groups; g++)
            for (var ky = 0; ky < 9; ky++)
            {
                // Padded row y+ky, padded column xs+kx: output (y, xs) reads rows y−4… and columns xs−4… of the frame.
                var row = (g * height + y + ky) * stride + xs;
                var tap = (g * Taps + ky * 9) * 3;
                for (var kx = 0; kx < 9; kx++, tap += 3)
                {
                    var i0 = Vector256.LoadUnsafe(ref input, (nuint)(row + kx)).AsByte();
                    var i1 = Vector256.LoadUnsafe(ref input, (nuint)(row + kx + 8)).AsByte();
                    var i2 = Vector256.LoadUnsafe(ref input, (nuint)(row + kx + 16)).AsByte();
                    var i3 = Vector256.LoadUnsafe(ref input, (nuint)(row + kx + 24)).AsByte();
                    var w0 = Vector256.Create(Unsafe.Add(ref w, tap)).AsSByte();
                    var w1 = Vector256.Create(Unsafe.Add(ref w, tap + 1)).AsSByte();
                    var w2 = Vector256.Create(Unsafe.Add(ref w, tap + 2)).AsSByte();
                    a00 = TSums.Add(a00, i0, w0); a01 = TSums.Add(a01, i1, w0);
                    a02 = TSums.Add(a02, i2, w0); a03 = TSums.Add(a03, i3, w0);
                    a10 = TSums.Add(a10, i0, w1); a11 = TSums.Add(a11, i1, w1);
                    a12 = TSums.Add(a12, i2, w1); a13 = TSums.Add(a13, i3, w1);
                    a20 = TSums.Add(a20, i0, w2); a21 = TSums.Add(a21, i1, w2);
                    a22 = TSums.Add(a22, i2, w2); a23 = TSums.Add(a23, i3, w2);
                }
            }
        ref var o = ref output.Data[0];
        var at = y * output.Width + xs;
        var plane = output.PlaneSize;
        Store(a00, 0, ref o, at); Store(a01, 0, ref o, at + 8); Store(a02, 0, ref o, at + 16); Store(a03, 0, ref o, at + 24);
        Store(a10, 1, ref o, at + plane); Store(a11, 1, ref o, at + plane + 8); Store(a12, 1, ref o, at + plane + 16); Store(a13, 1, ref o, at + plane + 24);
        Store(a20, 2, ref o, at + 2 * plane); Store(a21, 2, ref o, at + 2 * plane + 8); Store(a22, 2, ref o, at + 2 * plane + 16); Store(a23, 2, ref o, at + 2 * plane + 24);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Block8<TSums>(byte[] packed, PaddedPlanes planes, int y, int xs, PlanarImage output) where TSums : IInt8SumOps
    {
        ref var input = ref Unsafe.As<byte, int>(ref packed[0]);
        ref var w = ref _weights[0];
        Vector256<int> a0 = default, a1 = default, a2 = default;
        int stride = planes.Stride, height = planes.PaddedHeight;
        for (var g = 0; g < Groups; g++)
            for (var ky = 0; ky < 9; ky++)
            {
                var row = (g * height + y + ky) * stride + xs;
                var tap = (g * Taps + ky * 9) * 3;
                for (var kx = 0; kx < 9; kx++, tap += 3)
                {
                    var i = Vector256.LoadUnsafe(ref input, (nuint)(row + kx)).AsByte();
                    a0 = TSums.Add(a0, i, Vector256.Create(Unsafe.Add(ref w, tap)).AsSByte());
                    a1 = TSums.Add(a1, i, Vector256.Create(Unsafe.Add(ref w, tap + 1)).AsSByte());
                    a2 = TSums.Add(a2, i, Vector256.Create(Unsafe.Add(ref w, tap + 2)).AsSByte());
                }
            }
        ref var o = ref output.Data[0];
        var at = y * output.Width + xs;
        Store(a0, 0, ref o, at);
        Store(a1, 1, ref o, at + output.PlaneSize);
        Store(a2, 2, ref o, at + 2 * output.PlaneSize);
    }

    private void Store(Vector256<int> sums, int channel, ref float destination, int at)
    {
        var value = Avx.ConvertToVector256Single(sums) * Vector256.Create(_outputScales[channel]) + Vector256.Create(_bias[channel]);
        Avx.Min(Avx.Max(value, Vector256<float>.Zero), Vector256<float>.One).StoreUnsafe(ref destination, (nuint)at);
    }
}
