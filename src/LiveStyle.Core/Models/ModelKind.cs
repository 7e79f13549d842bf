namespace LiveStyle.Core.Models;

/// <summary>The ONNX models LiveStyle builds: from the AdaIN weights, and (Fast…) from the MicroAST weights.</summary>
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
    /// <summary>image → relu1_1, relu2_1, relu3_1, relu4_1: the paper's content and style losses.</summary>
    LossEncoder,
    /// <summary>The float stylizer that also outputs every activation: what int8 calibration measures.</summary>
    CalibrationStylizer,
    /// <summary>MicroAST: content [1,3,H,W], signals [1,512] → image [1,3,H,W] in [0,1] (see MicroAstSignals).</summary>
    FastStylizer,
    /// <summary>MicroAST: image [1,3,H,W] → signals [1,512]: run once per style image (and on frames, for strength).</summary>
    FastStyleEncoder,
}

public static class ModelKinds
{
    /// <summary>True for the models built from the MicroAST weights.</summary>
    public static bool IsFast(this ModelKind kind) => kind is ModelKind.FastStylizer or ModelKind.FastStyleEncoder;
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
    public const string Signals = "signals";
    /// <summary>The fast stylizer's core (built with CpuEnds): its input from the CPU head and its output to the CPU tail.</summary>
    public const string Head = "head";
    public const string Tail = "tail";

    /// <summary>The LossEncoder's outputs, by the encoder layer whose ReLU they follow.</summary>
    public static readonly IReadOnlyList<(string Output, string Layer)> LossLayers =
        [("relu1_1", "conv1_1"), ("relu2_1", "conv2_1"), ("relu3_1", "conv3_1"), ("relu4_1", "conv4_1")];

    /// <summary>The CalibrationStylizer's output holding the activation with this label.</summary>
    public static string ActivationOutput(string label) => $"act.{label}";

    public static string FileStem(ModelKind kind) => kind switch
    {
        ModelKind.Stylizer => "stylizer",
        ModelKind.StyleEncoder => "style_encoder",
        ModelKind.Encoder => "encoder",
        ModelKind.Decoder => "decoder",
        ModelKind.LossEncoder => "loss_encoder",
        ModelKind.CalibrationStylizer => "calibration_stylizer",
        ModelKind.FastStylizer => "fast_stylizer",
        ModelKind.FastStyleEncoder => "fast_style_encoder",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };
}
