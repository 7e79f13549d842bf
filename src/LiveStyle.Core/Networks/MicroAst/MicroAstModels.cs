using LiveStyle.Core.Models;

namespace LiveStyle.Core.Networks.MicroAst;

/// <summary>MicroAST's models in the store: built from the four files in the "microast" folder of the weights folder.</summary>
public static class MicroAstModels
{
    public static readonly ModelFamily<MicroAstWeights> Family =
        new(MicroAstWeights.DirectoryIn, MicroAstWeights.HashDirectory, MicroAstWeights.Load, MicroAstModelBuilder.Version, KeyPrefix: "microast/");

    /// <summary>The file stems keep the "fast" of the network's product name: cached models keep their names.</summary>
    public static string FileStem(MicroAstModel model) => model switch
    {
        MicroAstModel.Stylizer => "fast_stylizer",
        MicroAstModel.StyleEncoder => "fast_style_encoder",
        _ => throw new ArgumentOutOfRangeException(nameof(model)),
    };

    public static string PathFor(this ModelStore store, MicroAstModel model) => store.PathFor(Family, FileStem(model), "", ".onnx");

    /// <summary>Returns the path of the model, building it first when it is not cached.</summary>
    public static string GetOrBuild(this ModelStore store, MicroAstModel model, Action<string>? log = null) =>
        store.GetOrBuild(Family, FileStem(model), weights => MicroAstModelBuilder.Build(model, weights), log);
}
