using System.Runtime.CompilerServices;

namespace LiveStyle.Core.Networks.MicroAst.Cpu;

/// <summary>A 1×1 conv followed by a ReLU, for one row and 16 of its output channels: 16 accumulators, one load per input channel (generic over the vector width, see <see cref="IFloatLanes{TVector}"/>).</summary>
internal static class Pointwise
{
    /// <param name="weights">[in][out] (<see cref="MicroAstEndWeights"/>'s tap-major layout for a 1×1 kernel).</param>
    /// <param name="firstOutput">The first of the 16 output channels computed (a multiple of 16).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Row<TLanes, TVector>(PaddedPlanes input, int inputY, float[] weights, float[] bias, int firstOutput, PaddedPlanes output, int outputY)
        where TLanes : IFloatLanes<TVector> where TVector : struct
    {
        int width = input.Width, inputs = input.Channels, outputs = output.Channels;
        ref var source = ref input.Data[0];
        ref var w = ref weights[firstOutput];
        ref var b = ref bias[firstOutput];
        ref var target = ref output.Data[0];
        var lanes = TLanes.Count;
        if (width < lanes)
        {
            NarrowRow(input, inputY, weights, bias, firstOutput, output, outputY);
            return;
        }
        // Index arithmetic kept in locals: read through the PaddedPlanes objects, it was redone for every input channel.
        int firstInput = input.Row(0, inputY), inputStride = input.PlaneStride;
        int outputAt = output.Row(firstOutput, outputY), outputStride = output.PlaneStride;
        for (var x = 0; x < width; x += lanes)
        {
            var xs = Math.Min(x, width - lanes);
            var a0 = TLanes.Create(Unsafe.Add(ref b, 0)); var a1 = TLanes.Create(Unsafe.Add(ref b, 1));
            var a2 = TLanes.Create(Unsafe.Add(ref b, 2)); var a3 = TLanes.Create(Unsafe.Add(ref b, 3));
            var a4 = TLanes.Create(Unsafe.Add(ref b, 4)); var a5 = TLanes.Create(Unsafe.Add(ref b, 5));
            var a6 = TLanes.Create(Unsafe.Add(ref b, 6)); var a7 = TLanes.Create(Unsafe.Add(ref b, 7));
            var a8 = TLanes.Create(Unsafe.Add(ref b, 8)); var a9 = TLanes.Create(Unsafe.Add(ref b, 9));
            var a10 = TLanes.Create(Unsafe.Add(ref b, 10)); var a11 = TLanes.Create(Unsafe.Add(ref b, 11));
            var a12 = TLanes.Create(Unsafe.Add(ref b, 12)); var a13 = TLanes.Create(Unsafe.Add(ref b, 13));
            var a14 = TLanes.Create(Unsafe.Add(ref b, 14)); var a15 = TLanes.Create(Unsafe.Add(ref b, 15));
            ref var t = ref w;
            for (var i = 0; i < inputs; i++, t = ref Unsafe.Add(ref t, outputs))
            {
                var v = TLanes.Load(ref source, (nuint)(firstInput + i * inputStride + xs));
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
            TLanes.Store(TLanes.Relu(a0), ref target, (nuint)(outputAt + xs));
            TLanes.Store(TLanes.Relu(a1), ref target, (nuint)(outputAt + 1 * outputStride + xs));
            TLanes.Store(TLanes.Relu(a2), ref target, (nuint)(outputAt + 2 * outputStride + xs));
            TLanes.Store(TLanes.Relu(a3), ref target, (nuint)(outputAt + 3 * outputStride + xs));
            TLanes.Store(TLanes.Relu(a4), ref target, (nuint)(outputAt + 4 * outputStride + xs));
            TLanes.Store(TLanes.Relu(a5), ref target, (nuint)(outputAt + 5 * outputStride + xs));
            TLanes.Store(TLanes.Relu(a6), ref target, (nuint)(outputAt + 6 * outputStride + xs));
            TLanes.Store(TLanes.Relu(a7), ref target, (nuint)(outputAt + 7 * outputStride + xs));
            TLanes.Store(TLanes.Relu(a8), ref target, (nuint)(outputAt + 8 * outputStride + xs));
            TLanes.Store(TLanes.Relu(a9), ref target, (nuint)(outputAt + 9 * outputStride + xs));
            TLanes.Store(TLanes.Relu(a10), ref target, (nuint)(outputAt + 10 * outputStride + xs));
            TLanes.Store(TLanes.Relu(a11), ref target, (nuint)(outputAt + 11 * outputStride + xs));
            TLanes.Store(TLanes.Relu(a12), ref target, (nuint)(outputAt + 12 * outputStride + xs));
            TLanes.Store(TLanes.Relu(a13), ref target, (nuint)(outputAt + 13 * outputStride + xs));
            TLanes.Store(TLanes.Relu(a14), ref target, (nuint)(outputAt + 14 * outputStride + xs));
            TLanes.Store(TLanes.Relu(a15), ref target, (nuint)(outputAt + 15 * outputStride + xs));
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
