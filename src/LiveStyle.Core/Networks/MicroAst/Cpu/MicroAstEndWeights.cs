using LiveStyle.Core.Quantization;
using LiveStyle.Core.Weights;

namespace LiveStyle.Core.Networks.MicroAst.Cpu;

/// <summary>
/// The weights of the layers <see cref="MicroAstHead"/> and <see cref="MicroAstTail"/> run, laid
/// out for their loops: for the dense convs the output channels of one tap side by side (one
/// broadcast each), for the grouped convs PyTorch's own filter-by-filter layout.
/// </summary>
internal sealed class MicroAstEndWeights
{
    /// <summary>The last conv's 3 output channels padded to 4 per tap.</summary>
    public const int OutputStride = 4;

    /// <param name="int8">The int8 stylizer's plan: the first and last convs then run in int8 as the quality gate judged them.</param>
    /// <param name="choice">The kernel path and int8 sums for this CPU (<see cref="CpuKernelChoice.For"/>).</param>
    public MicroAstEndWeights(MicroAstWeights weights, StylizerQuantization? int8, CpuKernelChoice choice)
    {
        if (!choice.HasKernels) throw new ArgumentException("the whole-graph path has no CPU kernels");
        Choice = choice;
        FirstInt8 = QuantizedFirstConv.From(int8, weights, choice.Sums);
        LastInt8 = QuantizedLastConv.From(int8, weights, choice.Sums);
        var stem = MicroAstArchitecture.EncoderStem;
        var tail = MicroAstArchitecture.DecoderTail;
        var encoder = weights.ContentEncoder;
        var decoder = weights.Decoder;
        First = TapMajor(stem[0], encoder, stem[0].OutChannels);
        Stem = [FilterMajor(stem[1], encoder), TapMajor(stem[2], encoder, stem[2].OutChannels), FilterMajor(stem[3], encoder), TapMajor(stem[4], encoder, stem[4].OutChannels)];
        Up = [(FilterMajor(tail[0], decoder), TapMajor(tail[1], decoder, tail[1].OutChannels)), (FilterMajor(tail[2], decoder), TapMajor(tail[3], decoder, tail[3].OutChannels))];
        Last = TapMajor(tail[4], decoder, OutputStride);
    }

    public CpuKernelChoice Choice { get; }

    /// <summary>enc1.0, 9×9 3→16: [in][tap][16 out].</summary>
    public (float[] Weights, float[] Bias) First { get; }
    /// <summary>enc1.0 in int8, when the network runs int8; null: fp32 (<see cref="First"/>).</summary>
    public QuantizedFirstConv? FirstInt8 { get; }
    /// <summary>enc1.2 (stride 2, grouped), enc1.4 (1×1), enc1.6 (stride 2, grouped), enc1.8 (1×1).</summary>
    public (float[] Weights, float[] Bias)[] Stem { get; }
    /// <summary>The decoder tail's two upsampling steps: (dec3.1, dec3.3) and (dec3.6, dec3.8).</summary>
    public ((float[] Weights, float[] Bias) Grouped, (float[] Weights, float[] Bias) Mix)[] Up { get; }
    /// <summary>dec3.10 in int8, when the network runs int8; null: fp32 (<see cref="Last"/>).</summary>
    public QuantizedLastConv? LastInt8 { get; }
    /// <summary>dec3.10, 9×9 16→3: [in][tap][4 out, the last unused].</summary>
    public (float[] Weights, float[] Bias) Last { get; }

    private static (float[], float[]) TapMajor(MicroAstConv conv, IReadOnlyDictionary<string, WeightTensor> weights, int outStride)
    {
        if (conv.Groups != 1) throw new ArgumentException($"{conv.Key} is grouped");
        var w = weights[conv.WeightName].Data;
        int taps = conv.Kernel * conv.Kernel, inC = conv.InChannels;
        var laid = new float[inC * taps * outStride];
        for (var o = 0; o < conv.OutChannels; o++)
            for (var i = 0; i < inC; i++)
                for (var t = 0; t < taps; t++)
                    laid[(i * taps + t) * outStride + o] = w[(o * inC + i) * taps + t];
        return (laid, (float[])weights[conv.BiasName].Data.Clone());
    }

    private static (float[], float[]) FilterMajor(MicroAstConv conv, IReadOnlyDictionary<string, WeightTensor> weights) =>
        ((float[])weights[conv.WeightName].Data.Clone(), (float[])weights[conv.BiasName].Data.Clone());
}
