using LiveStyle.Core.Models;

namespace LiveStyle.Core.Networks.AdaIn;

/// <summary>AdaIN's models in the store: built from the encoder and decoder files in the weights folder itself.</summary>
public static class AdaInModels
{
    /// <summary>Keys "{hash}/{builder version}", without a prefix: the keys AdaIN's cached files always had.</summary>
    public static readonly ModelFamily<AdaInWeights> Family =
        new(weightsDirectory => weightsDirectory, AdaInWeights.HashDirectory, AdaInWeights.Load, AdaInModelBuilder.Version, KeyPrefix: "");

    public static string FileStem(AdaInModel model) => model switch
    {
        AdaInModel.Stylizer => "stylizer",
        AdaInModel.StyleEncoder => "style_encoder",
        AdaInModel.Encoder => "encoder",
        AdaInModel.Decoder => "decoder",
        AdaInModel.LossEncoder => "loss_encoder",
        AdaInModel.CalibrationStylizer => "calibration_stylizer",
        _ => throw new ArgumentOutOfRangeException(nameof(model)),
    };

    public static string PathFor(this ModelStore store, AdaInModel model) => store.PathFor(Family, FileStem(model), "", ".onnx");

    /// <summary>Returns the path of the model, building it first when it is not cached.</summary>
    public static string GetOrBuild(this ModelStore store, AdaInModel model, Action<string>? log = null) =>
        store.GetOrBuild(Family, FileStem(model), weights => AdaInModelBuilder.Build(model, weights.Encoder, weights.Decoder, weights.ContentHash), log);
}
