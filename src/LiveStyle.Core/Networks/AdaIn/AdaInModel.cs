namespace LiveStyle.Core.Networks.AdaIn;

/// <summary>The ONNX models LiveStyle builds from the AdaIN weights (see <see cref="AdaInModels"/>).</summary>
public enum AdaInModel
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
}
