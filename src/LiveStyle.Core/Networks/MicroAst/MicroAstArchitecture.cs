namespace LiveStyle.Core.Networks.MicroAst;

/// <summary>
/// One reflection-padded convolution of MicroAST (the authors' ConvLayer): tensors
/// "{Key}.conv_layer.weight" [Out, In/Groups, K, K] and "{Key}.conv_layer.bias" [Out].
/// </summary>
public sealed record MicroAstConv(string Key, int InChannels, int OutChannels, int Kernel, int Groups = 1, int Stride = 1)
{
    public string WeightName => $"{Key}.conv_layer.weight";
    public string BiasName => $"{Key}.conv_layer.bias";
    public int[] WeightShape => [OutChannels, InChannels / Groups, Kernel, Kernel];
    /// <summary>Reflection padding on every side before the conv.</summary>
    public int Padding => Kernel / 2;
}

/// <summary>A residual block: x + conv2(relu(conv1(x))), both 3×3 64→64.</summary>
public sealed record MicroAstResidual(string Key)
{
    public MicroAstConv Conv1 { get; } = new($"{Key}.conv1", MicroAstArchitecture.FeatureChannels, MicroAstArchitecture.FeatureChannels, 3);
    public MicroAstConv Conv2 { get; } = new($"{Key}.conv2", MicroAstArchitecture.FeatureChannels, MicroAstArchitecture.FeatureChannels, 3);
}

/// <summary>
/// The structure of MicroAST (Wang et al., AAAI 2023) as in the authors' released state dicts
/// (see weights/microast/README.md). Weight files are checked against these names and shapes.
/// </summary>
public static class MicroAstArchitecture
{
    public const int FeatureChannels = 64;
    /// <summary>The feature levels are at 1/4 of the input resolution (two stride-2 convs).</summary>
    public const int Downscale = 4;
    public const float VarianceEpsilon = 1e-5f;

    /// <summary>The stem of the content and style encoders (each conv followed by a ReLU), before the first residual block.</summary>
    public static readonly IReadOnlyList<MicroAstConv> EncoderStem =
    [
        new("enc1.0", 3, 16, 9),
        new("enc1.2", 16, 32, 3, Groups: 16, Stride: 2),
        new("enc1.4", 32, 32, 1),
        new("enc1.6", 32, 64, 3, Groups: 32, Stride: 2),
        new("enc1.8", 64, 64, 1),
    ];

    /// <summary>Its output is feature level 0.</summary>
    public static readonly MicroAstResidual EncoderLevel0 = new("enc1.10");
    /// <summary>Applied to level 0, its output is feature level 1.</summary>
    public static readonly MicroAstResidual EncoderLevel1 = new("enc2.0");

    /// <summary>Depthwise 3×3 convs of the style features; each one's global average is a modulation vector.</summary>
    public static readonly MicroAstConv WeightLevel0 = new("weight1.0", 64, 64, 3, Groups: 64);
    public static readonly MicroAstConv BiasLevel0 = new("bias1.0", 64, 64, 3, Groups: 64);
    public static readonly MicroAstConv WeightLevel1 = new("weight2.0", 64, 64, 3, Groups: 64);
    public static readonly MicroAstConv BiasLevel1 = new("bias2.0", 64, 64, 3, Groups: 64);

    /// <summary>The decoder's modulated residual blocks: dec1 runs with level-1 signals, dec2 with level-0 signals.</summary>
    public static readonly MicroAstResidual DecoderLevel1 = new("dec1");
    public static readonly MicroAstResidual DecoderLevel0 = new("dec2");

    /// <summary>
    /// The decoder's tail. A bilinear ×2 upsampling precedes the first and the third conv; a ReLU
    /// follows every conv but the last.
    /// </summary>
    public static readonly IReadOnlyList<MicroAstConv> DecoderTail =
    [
        new("dec3.1", 64, 32, 3, Groups: 32),
        new("dec3.3", 32, 32, 1),
        new("dec3.6", 32, 16, 3, Groups: 16),
        new("dec3.8", 16, 16, 1),
        new("dec3.10", 16, 3, 9),
    ];

    public static IEnumerable<MicroAstConv> EncoderConvs =>
        [.. EncoderStem, EncoderLevel0.Conv1, EncoderLevel0.Conv2, EncoderLevel1.Conv1, EncoderLevel1.Conv2];

    public static IEnumerable<MicroAstConv> ModulatorConvs => [WeightLevel0, BiasLevel0, WeightLevel1, BiasLevel1];

    public static IEnumerable<MicroAstConv> DecoderConvs =>
        [DecoderLevel1.Conv1, DecoderLevel1.Conv2, DecoderLevel0.Conv1, DecoderLevel0.Conv2, .. DecoderTail];
}
