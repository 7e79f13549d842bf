using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LiveStyle.Core.Networks.MicroAst.Cpu;

/// <summary>A 1×1 conv followed by a ReLU, for one row and 16 of its output channels: 16 accumulators, one load per input channel.</summary>
internal static class Pointwise
{
    /// <param name="weights">[in][out] (<see cref="MicroAstEndWeights"/>'s tap-major layout for a 1×1 kernel).</param>
    /// <param name="firstOutput">The first of the 16 output channels computed (a multiple of 16).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Row(PaddedPlanes input, int inputY, float[] weights, float[] bias, int firstOutput, PaddedPlanes output, int outputY)
    {
        int width = input.Width, inputs = input.Channels, outputs = output.Channels;
        ref var source = ref input.Data[0];
        ref var w = ref weights[firstOutput];
        ref var b = ref bias[firstOutput];
        ref var target = ref output.Data[0];
        if (width < 16)
        {
            NarrowRow(input, inputY, weights, bias, firstOutput, output, outputY);
            return;
        }
        // Index arithmetic kept in locals: read through the PaddedPlanes objects, it was redone for every input channel.
        int firstInput = input.Row(0, inputY), inputStride = input.PlaneStride;
        int outputAt = output.Row(firstOutput, outputY), outputStride = output.PlaneStride;
        for (var x = 0; x < width; x += 16)
        {
            var xs = Math.Min(x, width - 16);
            var a0 = Vector512.Create(Unsafe.Add(ref b, 0)); var a1 = Vector512.Create(Unsafe.Add(ref b, 1));
            var a2 = Vector512.Create(Unsafe.Add(ref b, 2)); var a3 = Vector512.Create(Unsafe.Add(ref b, 3));
            var a4 = Vector512.Create(Unsafe.Add(ref b, 4)); var a5 = Vector512.Create(Unsafe.Add(ref b, 5));
            var a6 = Vector512.Create(Unsafe.Add(ref b, 6)); var a7 = Vector512.Create(Unsafe.Add(ref b, 7));
            var a8 = Vector512.Create(Unsafe.Add(ref b, 8)); var a9 = Vector512.Create(Unsafe.Add(ref b, 9));
            var a10 = Vector512.Create(Unsafe.Add(ref b, 10)); var a11 = Vector512.Create(Unsafe.Add(ref b, 11));
            var a12 = Vector512.Create(Unsafe.Add(ref b, 12)); var a13 = Vector512.Create(Unsafe.Add(ref b, 13));
            var a14 = Vector512.Create(Unsafe.Add(ref b, 14)); var a15 = Vector512.Create(Unsafe.Add(ref b, 15));
            ref var t = ref w;
            for (var i = 0; i < inputs; i++, t = ref Unsafe.Add(ref t, outputs))
            {
                var v = Vector512.LoadUnsafe(ref source, (nuint)(firstInput + i * inputStride + xs));
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
            Avx512F.Max(a0, zero).StoreUnsafe(ref target, (nuint)(outputAt + xs));
            Avx512F.Max(a1, zero).StoreUnsafe(ref target, (nuint)(outputAt + 1 * outputStride + xs));
            Avx512F.Max(a2, zero).StoreUnsafe(ref target, (nuint)(outputAt + 2 * outputStride + xs));
            Avx512F.Max(a3, zero).StoreUnsafe(ref target, (nuint)(outputAt + 3 * outputStride + xs));
            Avx512F.Max(a4, zero).StoreUnsafe(ref target, (nuint)(outputAt + 4 * outputStride + xs));
            Avx512F.Max(a5, zero).StoreUnsafe(ref target, (nuint)(outputAt + 5 * outputStride + xs));
            Avx512F.Max(a6, zero).StoreUnsafe(ref target, (nuint)(outputAt + 6 * outputStride + xs));
            Avx512F.Max(a7, zero).StoreUnsafe(ref target, (nuint)(outputAt + 7 * outputStride + xs));
            Avx512F.Max(a8, zero).StoreUnsafe(ref target, (nuint)(outputAt + 8 * outputStride + xs));
            Avx512F.Max(a9, zero).StoreUnsafe(ref target, (nuint)(outputAt + 9 * outputStride + xs));
            Avx512F.Max(a10, zero).StoreUnsafe(ref target, (nuint)(outputAt + 10 * outputStride + xs));
            Avx512F.Max(a11, zero).StoreUnsafe(ref target, (nuint)(outputAt + 11 * outputStride + xs));
            Avx512F.Max(a12, zero).StoreUnsafe(ref target, (nuint)(outputAt + 12 * outputStride + xs));
            Avx512F.Max(a13, zero).StoreUnsafe(ref target, (nuint)(outputAt + 13 * outputStride + xs));
            Avx512F.Max(a14, zero).StoreUnsafe(ref target, (nuint)(outputAt + 14 * outputStride + xs));
            Avx512F.Max(a15, zero).StoreUnsafe(ref target, (nuint)(outputAt + 15 * outputStride + xs));
        }
    }

    private static void NarrowRow(PaddedPlanes input, int inputY, float[] weights, float[] bias, int firstOutput, PaddedPlanes output, int outputY)
    {
        for (var o = firstOutput; o < firstOutput + 16; o++)
            for (var x = 0; x < input.Width; x++)
            {
                var sum = bias[o];
                for (var i = 0; i < input.Channels; i++) sum += input.Data[input.Row(i, inputY) + x] * weights[i * output.Channels + o];
                output.Data[output.Row(o, outputY) + x] = Math.Max(sum, 0f);
            }
    }
}
