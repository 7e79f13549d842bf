namespace LiveStyle.Core.Networks.AdaIn;

/// <summary>One convolution of the AdaIN networks, keyed as in pytorch-AdaIN's nn.Sequential.</summary>
/// <param name="Key">Sequential index ("2" for conv1_1): tensors are "{Key}.weight" and "{Key}.bias".</param>
/// <param name="Kernel">1 for the input 1×1 conv, else 3 (reflection-padded).</param>
/// <param name="PoolBefore">A 2×2 max-pool precedes this conv (encoder).</param>
/// <param name="UpsampleBefore">A nearest ×2 upsampling precedes this conv (decoder).</param>
/// <param name="Relu">A ReLU follows this conv.</param>
public sealed record ConvLayer(string Key, string Label, int InChannels, int OutChannels, int Kernel,
    bool PoolBefore = false, bool UpsampleBefore = false, bool Relu = true)
{
    public string WeightName => $"{Key}.weight";
    public string BiasName => $"{Key}.bias";
    public int[] WeightShape => [OutChannels, InChannels, Kernel, Kernel];
}

/// <summary>
/// The structure of pytorch-AdaIN's networks: the normalised VGG-19 up to relu4_1 and the
/// mirrored decoder. Weight files are checked against these names and shapes.
/// </summary>
public static class AdaInArchitecture
{
    public const int FeatureChannels = 512;
    /// <summary>relu4_1 is at 1/8 of the input resolution (three 2×2 pools).</summary>
    public const int Downscale = 8;
    public const float VarianceEpsilon = 1e-5f;

    public static readonly IReadOnlyList<ConvLayer> Encoder =
    [
        new("0", "preprocess", 3, 3, 1, Relu: false),
        new("2", "conv1_1", 3, 64, 3),
        new("5", "conv1_2", 64, 64, 3),
        new("9", "conv2_1", 64, 128, 3, PoolBefore: true),
        new("12", "conv2_2", 128, 128, 3),
        new("16", "conv3_1", 128, 256, 3, PoolBefore: true),
        new("19", "conv3_2", 256, 256, 3),
        new("22", "conv3_3", 256, 256, 3),
        new("25", "conv3_4", 256, 256, 3),
        new("29", "conv4_1", 256, 512, 3, PoolBefore: true),
    ];

    public static readonly IReadOnlyList<ConvLayer> Decoder =
    [
        new("1", "deconv4_1", 512, 256, 3),
        new("5", "deconv3_4", 256, 256, 3, UpsampleBefore: true),
        new("8", "deconv3_3", 256, 256, 3),
        new("11", "deconv3_2", 256, 256, 3),
        new("14", "deconv3_1", 256, 128, 3),
        new("18", "deconv2_2", 128, 128, 3, UpsampleBefore: true),
        new("21", "deconv2_1", 128, 64, 3),
        new("25", "deconv1_2", 64, 64, 3, UpsampleBefore: true),
        new("28", "deconv1_1", 64, 3, 3, Relu: false),
    ];
}
