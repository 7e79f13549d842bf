namespace LiveStyle.Core.Models;

/// <summary>The ONNX models LiveStyle builds from the AdaIN weights.</summary>
public enum ModelKind
{
    /// <summary>content, style_mean, style_std, alpha → image: the whole per-frame network.</summary>
    Stylizer,
    /// <summary>image → mean, std of relu4_1: run once per style image.</summary>
    StyleEncoder,
    /// <summary>image → relu4_1 features (for tests, benchmarks and training).</summary>
    Encoder,
    /// <summary>features → unclamped image (for tests, benchmarks and training).</summary>
    Decoder,
}

public static class ModelNames
{
    public const string Content = "content";
    public const string StyleMean = "style_mean";
    public const string StyleStd = "style_std";
    public const string Alpha = "alpha";
    public const string Image = "image";
    public const string Mean = "mean";
    public const string Std = "std";
    public const string Features = "features";

    public static string FileStem(ModelKind kind) => kind switch
    {
        ModelKind.Stylizer => "stylizer",
        ModelKind.StyleEncoder => "style_encoder",
        ModelKind.Encoder => "encoder",
        ModelKind.Decoder => "decoder",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
