using LiveStyle.Core.Weights;

namespace LiveStyle.Core.Networks.MicroAst.Cpu;

/// <summary>
/// The weights of the layers <see cref="MicroAstHead"/> and <see cref="MicroAstTail"/> run, laid
/// out for their loops: for the 9×9 convs the output channels of one tap side by side (one
/// broadcast each), for the thin grouped convs the taps of one filter side by side.
/// </summary>
internal sealed class MicroAstEndWeights
{
    public const int HeadChannels = 16;
    public const int TailChannels = 16;
    /// <summary>The last conv's 3 output channels padded to 4 per tap.</summary>
    public const int OutputStride = 4;

    public MicroAstEndWeights(MicroAstWeights weights)
    {
        var stem = MicroAstArchitecture.EncoderStem;
        var tail = MicroAstArchitecture.DecoderTail;
        (FirstWeights, FirstBias) = TapMajor(stem[0], weights.ContentEncoder, HeadChannels);
        (SecondWeights, SecondBias) = FilterMajor(stem[1], weights.ContentEncoder);
        (UpWeights, UpBias) = FilterMajor(tail[2], weights.Decoder);
        (MixWeights, MixBias) = TapMajor(tail[3], weights.Decoder, TailChannels);
        (LastWeights, LastBias) = TapMajor(tail[4], weights.Decoder, OutputStride);
    }

    /// <summary>enc1.0, 9×9 3→16: [in][tap][16 out].</summary>
    public float[] FirstWeights { get; }
    public float[] FirstBias { get; }
    /// <summary>enc1.2, 3×3 stride 2, 16→32 in 16 groups (output o reads input o/2): [out][tap].</summary>
    public float[] SecondWeights { get; }
    public float[] SecondBias { get; }
    /// <summary>dec3.6, 3×3 32→16 in 16 groups (output o reads inputs 2o, 2o+1): [out][2][tap].</summary>
    public float[] UpWeights { get; }
    public float[] UpBias { get; }
    /// <summary>dec3.8, 1×1 16→16: [in][16 out].</summary>
    public float[] MixWeights { get; }
    public float[] MixBias { get; }
    /// <summary>dec3.10, 9×9 16→3: [in][tap][4 out, the last unused].</summary>
    public float[] LastWeights { get; }
    public float[] LastBias { get; }

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

    /// <summary>PyTorch's grouped layout [out][in per group][tap] is already filter-major.</summary>
    private static (float[], float[]) FilterMajor(MicroAstConv conv, IReadOnlyDictionary<string, WeightTensor> weights) =>
        ((float[])weights[conv.WeightName].Data.Clone(), (float[])weights[conv.BiasName].Data.Clone());
}
