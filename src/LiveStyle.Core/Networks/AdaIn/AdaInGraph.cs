using LiveStyle.Core.Onnx;
using LiveStyle.Core.Quantization;
using LiveStyle.Core.Weights;

namespace LiveStyle.Core.Networks.AdaIn;

/// <summary>
/// The pieces of the AdaIN networks as ONNX subgraphs, with pytorch-AdaIN semantics:
/// reflection padding before every 3×3 conv, 2×2 ceil-mode max-pools, nearest ×2 upsampling,
/// unbiased variance + 1e-5 inside the square root.
/// </summary>
/// <param name="staticSize">
/// When set, the graph is for this input size only and uses no Shape-dependent ops (OpenCV's DNN
/// importer needs that); otherwise H and W are dynamic.
/// </param>
/// <param name="quantization">
/// When set, the convolutions it quantizes run on uint8 activations with int8 weights (QDQ form,
/// which ONNX Runtime fuses into QLinearConv); see <see cref="QuantizedConv"/>.
/// </param>
/// <param name="equalization">
/// When set, activations are rescaled per channel inside the network without changing its
/// function (see <see cref="ChannelEqualization"/>), so that they quantize well.
/// </param>
public sealed partial class AdaInGraph(GraphBuilder g, (int Width, int Height)? staticSize = null, StylizerQuantization? quantization = null,
    ChannelEqualization? equalization = null)
{
    /// <summary>The label of the AdaIN output (the decoder's input) among the activations.</summary>
    public const string AdaInOutput = "adain";

    private readonly Dictionary<string, string> _taps = [];

    public GraphBuilder Builder => g;

    /// <summary>
    /// The float output of every float convolution (after its ReLU) by layer label, and the
    /// decoder's input (AdaIN's output) by <see cref="AdaInGraph.AdaInOutput"/>: what
    /// calibration and the losses read.
    /// </summary>
    public IReadOnlyDictionary<string, string> Taps => _taps;

    /// <summary>
    /// The activations <see cref="ChannelEqualization"/> may rescale per channel: outputs of ReLU
    /// convolutions and AdaIN's output; not the image the decoder's last conv makes.
    /// </summary>
    public static bool IsEqualizable(string label) =>
        label == AdaInOutput ||
        AdaInArchitecture.Encoder.Concat(AdaInArchitecture.Decoder).Any(l => l.Label == label && l.Relu);

    /// <summary>Image [1,3,H,W] RGB in [0,1] → relu4_1 features [1,512,⌈H/8⌉,⌈W/8⌉].</summary>
    public string Encoder(string image, IReadOnlyDictionary<string, WeightTensor> weights)
    {
        var relu41 = Layers(new Activation(image, "image", null), AdaInArchitecture.Encoder, weights, "enc");
        // AdaIN sees the features as they are: undo their equalization.
        return equalization?.For(relu41.Label) is { } s ? ScaleChannels(AsFloat(relu41), s, inverse: true) : AsFloat(relu41);
    }

    /// <summary>Features [1,512,h,w] → image [1,3,8h,8w], not clamped.</summary>
    public string Decoder(string features, IReadOnlyDictionary<string, WeightTensor> weights)
    {
        var label = AdaInGraph.AdaInOutput;
        if (equalization?.For(label) is { } s) features = ScaleChannels(features, s, inverse: false);
        _taps[label] = features;
        return AsFloat(Layers(new Activation(features, label, null), AdaInArchitecture.Decoder, weights, "dec"));
    }

    private Activation Layers(Activation x, IReadOnlyList<ConvLayer> layers, IReadOnlyDictionary<string, WeightTensor> weights, string prefix)
    {
        string? scales = null;
        foreach (var layer in layers)
        {
            // Pooling and nearest upsampling only move values, so they run on uint8 as they are.
            if (layer.PoolBefore)
            {
                x = x with
                {
                    Name = g.Node("MaxPool", [x.Name], null,
                        OnnxAttribute.Of("kernel_shape", [2L, 2L]), OnnxAttribute.Of("strides", [2L, 2L]), OnnxAttribute.Of("ceil_mode", 1L)),
                };
            }
            if (layer.UpsampleBefore)
            {
                scales ??= g.Floats("upsample_scales", [4], [1f, 1f, 2f, 2f]);
                x = x with
                {
                    Name = g.Node("Resize", [x.Name, "", scales], null,
                        OnnxAttribute.Of("mode", "nearest"),
                        OnnxAttribute.Of("coordinate_transformation_mode", "asymmetric"),
                        OnnxAttribute.Of("nearest_mode", "floor")),
                };
            }
            x = quantization is { } q && q.IsQuantized(layer.Label)
                ? QuantizedConv(x, layer, weights, prefix, q)
                : FloatConv(x, layer, weights, prefix);
        }
        return x;
    }

    /// <summary>Per-channel mean and standard deviation over H and W, both [1,C,1,1].</summary>
    public (string Mean, string Std, string Centered) MeanStd(string features) =>
        ChannelStatisticsGraph.MeanStd(g, features, AdaInArchitecture.VarianceEpsilon, StaticFeatureCount());

    /// <summary>
    /// AdaIN with strength α: the content statistics move towards the style statistics by α,
    /// then the normalized content takes them. style mean/std are [1,C], alpha is [1].
    /// </summary>
    public string AdaIn(string contentFeatures, string styleMean, string styleStd, string alpha)
    {
        var (contentMean, contentStd, centered) = MeanStd(contentFeatures);
        var statsShape = g.Int64s("stats_shape", 1, AdaInArchitecture.FeatureChannels, 1, 1);
        var targetMean = Lerp(contentMean, g.Reshape(styleMean, statsShape), alpha);
        var targetStd = Lerp(contentStd, g.Reshape(styleStd, statsShape), alpha);
        return g.Add(g.Mul(g.Div(centered, contentStd), targetStd), targetMean);
    }

    /// <summary>Pads H and W (reflect) up to multiples of 8; returns the padded image and the original [H,W].</summary>
    public (string Padded, string OriginalSize) PadToMultipleOf8(string image)
    {
        if (staticSize is (int width, int height))
        {
            var padded = g.Node("Pad", [image, g.Int64s("pads", 0, 0, 0, 0, 0, 0, Missing(height), Missing(width))], null, OnnxAttribute.Of("mode", "reflect"));
            return (padded, g.Int64s("original_size", height, width));
        }
        var size = g.Slice(g.Shape(image), g.Int64s("size_start", 2), g.Int64s("size_end", 4), g.Int64s("size_axis", 0));
        var eight = g.Int64s("eight", AdaInArchitecture.Downscale);
        var missing = g.Node("Mod", [g.Sub(eight, g.Node("Mod", [size, eight])), eight]);
        var pads = g.Concat(0, g.Int64s("pads_begin", 0, 0, 0, 0, 0, 0), missing);
        return (g.Node("Pad", [image, pads], null, OnnxAttribute.Of("mode", "reflect")), size);
    }

    private static long Missing(int side) => (AdaInArchitecture.Downscale - side % AdaInArchitecture.Downscale) % AdaInArchitecture.Downscale;

    /// <summary>h·w of relu4_1 features for a static graph: the stylizer's padded input over 8; null when dynamic.</summary>
    private float? StaticFeatureCount() => staticSize is (int width, int height)
        ? (float)((height + Missing(height)) / AdaInArchitecture.Downscale) * ((width + Missing(width)) / AdaInArchitecture.Downscale)
        : null;

    public string CropTo(string image, string size) =>
        g.Slice(image, g.Int64s("crop_start", 0, 0), size, g.Int64s("crop_axes", 2, 3));

    public string Clamp01(string image) =>
        g.Node("Clip", [image, g.Scalar("zero", 0f), g.Scalar("one", 1f)]);

    /// <summary>Reshapes [1,C,1,1] statistics to [1,C].</summary>
    public string Flatten(string stats) => g.Reshape(stats, g.Int64s("flat_shape", 1, AdaInArchitecture.FeatureChannels));

    private string Lerp(string from, string to, string t) => g.Add(from, g.Mul(t, g.Sub(to, from)));
}
