using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LiveStyle.Core.Networks.MicroAst.Cpu;

/// <summary>
/// The encoder's stride-2 3×3 convs with one input and two outputs per group (output o reads input
/// o/2), followed by a ReLU, for one output row. The input is reflect-padded by 1; the stride-2
/// taps are the even lanes of two loads.
/// </summary>
internal static class StrideTwoGrouped
{
    private static readonly Vector512<int> EvenLanes = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);

    /// <param name="weights">[out][tap], PyTorch's layout.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Row(PaddedPlanes input, float[] weights, float[] bias, PaddedPlanes output, int y)
    {
        if (input.Pad != 1) throw new ArgumentException("the stride-2 conv reads an input padded by 1");
        int width = output.Width, stride = input.Stride;
        ref var w = ref weights[0];
        ref var source = ref input.Data[0];
        ref var target = ref output.Data[0];
        var zero = Vector512<float>.Zero;
        for (var c = 0; c < input.Channels; c++)
        {
            // Padded column 2x+kx of padded row 2y+ky feeds output (y, x).
            var top = input.Row(c, 2 * y - 1) - 1;
            int even = 2 * c, odd = 2 * c + 1;
            int evenAt = output.Row(even, y), oddAt = output.Row(odd, y);
            if (width < 16)
            {
                NarrowRow(input, top, weights, bias, output, y, even);
                continue;
            }
            for (var x = 0; x < width; x += 16)
            {
                var xs = Math.Min(x, width - 16);
                var a = Vector512.Create(bias[even]);
                var b = Vector512.Create(bias[odd]);
                for (var ky = 0; ky < 3; ky++)
                {
                    var row = top + ky * stride + 2 * xs;
                    for (var kx = 0; kx < 3; kx++)
                    {
                        var v = Avx512F.PermuteVar16x32x2(Vector512.LoadUnsafe(ref source, (nuint)(row + kx)), EvenLanes,
                            Vector512.LoadUnsafe(ref source, (nuint)(row + kx + 16)));
                        a = Avx512F.FusedMultiplyAdd(v, Vector512.Create(Unsafe.Add(ref w, even * 9 + ky * 3 + kx)), a);
                        b = Avx512F.FusedMultiplyAdd(v, Vector512.Create(Unsafe.Add(ref w, odd * 9 + ky * 3 + kx)), b);
                    }
                }
                Avx512F.Max(a, zero).StoreUnsafe(ref target, (nuint)(evenAt + xs));
                Avx512F.Max(b, zero).StoreUnsafe(ref target, (nuint)(oddAt + xs));
            }
        }
    }

    private static void NarrowRow(PaddedPlanes input, int top, float[] weights, float[] bias, PaddedPlanes output, int y, int even)
    {
        for (var x = 0; x < output.Width; x++)
        {
            float a = bias[even], b = bias[even + 1];
            for (var ky = 0; ky < 3; ky++)
                for (var kx = 0; kx < 3; kx++)
                {
                    var v = input.Data[top + ky * input.Stride + 2 * x + kx];
                    a += v * weights[even * 9 + ky * 3 + kx];
                    b += v * weights[(even + 1) * 9 + ky * 3 + kx];
                }
            output.Data[output.Row(even, y) + x] = Math.Max(a, 0f);
            output.Data[output.Row(even + 1, y) + x] = Math.Max(b, 0f);
        }
    }
}
