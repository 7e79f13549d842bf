using System.Runtime.CompilerServices;

namespace LiveStyle.Core.Networks.MicroAst.Cpu;

/// <summary>
/// The encoder's stride-2 3×3 convs with one input and two outputs per group (output o reads input
/// o/2), followed by a ReLU, for one output row. The input is reflect-padded by 1; the stride-2
/// taps are the even lanes of two loads. Generic over the vector width (see <see cref="IFloatLanes{TVector}"/>).
/// </summary>
internal static class StrideTwoGrouped
{
    /// <param name="weights">[out][tap], PyTorch's layout.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Row<TLanes, TVector>(PaddedPlanes input, float[] weights, float[] bias, PaddedPlanes output, int y)
        where TLanes : IFloatLanes<TVector> where TVector : struct
    {
        if (input.Pad != 1) throw new ArgumentException("the stride-2 conv reads an input padded by 1");
        int width = output.Width, stride = input.Stride;
        ref var w = ref weights[0];
        ref var source = ref input.Data[0];
        ref var target = ref output.Data[0];
        var lanes = TLanes.Count;
        for (var c = 0; c < input.Channels; c++)
        {
            // Padded column 2x+kx of padded row 2y+ky feeds output (y, x).
            var top = input.Row(c, 2 * y - 1) - 1;
            int even = 2 * c, odd = 2 * c + 1;
            int evenAt = output.Row(even, y), oddAt = output.Row(odd, y);
            if (width < lanes)
            {
                NarrowRow(input, top, weights, bias, output, y, even);
                continue;
            }
            for (var x = 0; x < width; x += lanes)
            {
                var xs = Math.Min(x, width - lanes);
                var a = TLanes.Create(bias[even]);
                var b = TLanes.Create(bias[odd]);
                for (var ky = 0; ky < 3; ky++)
                {
                    var row = top + ky * stride + 2 * xs;
                    for (var kx = 0; kx < 3; kx++)
                    {
                        var v = TLanes.EvenLanes(TLanes.Load(ref source, (nuint)(row + kx)), TLanes.Load(ref source, (nuint)(row + kx + lanes)));
                        a = TLanes.MultiplyAdd(v, TLanes.Create(Unsafe.Add(ref w, even * 9 + ky * 3 + kx)), a);
                        b = TLanes.MultiplyAdd(v, TLanes.Create(Unsafe.Add(ref w, odd * 9 + ky * 3 + kx)), b);
                    }
                }
                TLanes.Store(TLanes.Relu(a), ref target, (nuint)(evenAt + xs));
                TLanes.Store(TLanes.Relu(b), ref target, (nuint)(oddAt + xs));
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
