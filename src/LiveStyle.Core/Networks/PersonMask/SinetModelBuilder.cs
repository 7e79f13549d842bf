using LiveStyle.Core.Onnx;

namespace LiveStyle.Core.Networks.PersonMask;

/// <summary>
/// Builds the person-mask model (opset 17, dynamic H and W, multiples of 32) from verified SINet
/// weights, cached by <see cref="SinetModels"/>, keyed by the weights' hash and <see cref="Version"/>.
/// Inputs: "image" [1,3,H,W] RGB in [0,1]. Outputs: "mask_logit" [1,1,H,W] (the person's logit
/// minus the background's) and "person" [1,1,H,W], the person's probability (its sigmoid).
/// </summary>
public static class SinetModelBuilder
{
    /// <summary>Bump when the graph changes, so cached models are rebuilt.</summary>
    public const int Version = 3;
    public const long Opset = 17;
    public const string FileStem = "person_mask";
    public const string ImageInput = "image";
    public const string MaskLogitOutput = "mask_logit";
    public const string PersonOutput = "person";

    /// <param name="preluAsRelus">PReLU as relu(x) − a·relu(−x), which ONNX Runtime runs in its blocked layout (2× faster at 384×224: Bench --person-mask-variants); false: the PRelu op.</param>
    public static OnnxModel Build(SinetWeights weights, bool preluAsRelus = true)
    {
        var g = new GraphBuilder();
        var net = new SinetGraph(g, weights, preluAsRelus);
        var height = OnnxDim.Dynamic("H");
        var width = OnnxDim.Dynamic("W");
        var image = g.Input(ImageInput, OnnxDataType.Float, OnnxDim.Fixed(1), OnnxDim.Fixed(3), height, width);
        var maskLogit = net.MaskLogit(image);
        g.Output(maskLogit, MaskLogitOutput, OnnxDataType.Float, OnnxDim.Fixed(1), OnnxDim.Fixed(1), height, width);
        g.Output(net.PersonProbability(maskLogit), PersonOutput, OnnxDataType.Float, OnnxDim.Fixed(1), OnnxDim.Fixed(1), height, width);
        var metadata = new Dictionary<string, string>
        {
            ["livestyle.model"] = FileStem,
            ["livestyle.network"] = "sinet",
            ["livestyle.builder_version"] = Version.ToString(),
            ["livestyle.weights_sha256"] = weights.ContentHash,
        };
        return new OnnxModel(g.Build($"livestyle_{FileStem}"), Opset, "LiveStyle", Version.ToString(), metadata);
    }
}
