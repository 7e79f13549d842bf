using LiveStyle.Core.Onnx;

namespace LiveStyle.Core.Networks.PersonMask;

/// <summary>
/// Builds the person-mask model (opset 17, dynamic H and W, multiples of 32) from verified SINet
/// weights, cached by <see cref="SinetModels"/>, keyed by the weights' hash and <see cref="Version"/>.
/// Input: "image" [1,3,H,W] RGB in [0,1]. Output: "coarse_logits" [1,2,H/2,W/2], the decoder's
/// two class logits before its last upsampling and 3×3 classifier, whose kernel (the person's
/// filter minus the background's, 18 floats) is in the metadata <see cref="HeadKernelKey"/>:
/// <see cref="SinetHead"/> finishes the mask logit and the person's probability at H×W.
/// </summary>
public static class SinetModelBuilder
{
    /// <summary>Bump when the graph changes, so cached models are rebuilt.</summary>
    public const int Version = 4;
    public const long Opset = 17;
    public const string FileStem = "person_mask";
    public const string ImageInput = "image";
    public const string CoarseOutput = "coarse_logits";
    public const string HeadKernelKey = "livestyle.head_kernel";

    /// <param name="preluAsRelus">PReLU as relu(x) − a·relu(−x), which ONNX Runtime runs in its blocked layout (2× faster at 384×224: Bench --person-mask-variants); false: the PRelu op.</param>
    public static OnnxModel Build(SinetWeights weights, bool preluAsRelus = true)
    {
        var g = new GraphBuilder();
        var net = new SinetGraph(g, weights, preluAsRelus);
        var image = g.Input(ImageInput, OnnxDataType.Float, OnnxDim.Fixed(1), OnnxDim.Fixed(3), OnnxDim.Dynamic("H"), OnnxDim.Dynamic("W"));
        g.Output(net.CoarseLogits(image), CoarseOutput, OnnxDataType.Float, OnnxDim.Fixed(1), OnnxDim.Fixed(SinetArchitecture.Classes),
            OnnxDim.Dynamic("H_half"), OnnxDim.Dynamic("W_half"));
        var metadata = new Dictionary<string, string>
        {
            ["livestyle.model"] = FileStem,
            ["livestyle.network"] = "sinet",
            ["livestyle.builder_version"] = Version.ToString(),
            ["livestyle.weights_sha256"] = weights.ContentHash,
            [HeadKernelKey] = SinetHead.FormatKernel(SinetGraph.HeadKernel(weights)),
        };
        return new OnnxModel(g.Build($"livestyle_{FileStem}"), Opset, "LiveStyle", Version.ToString(), metadata);
    }
}
