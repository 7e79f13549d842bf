using LiveStyle.Core.Onnx;
using LiveStyle.Core.Weights;

namespace LiveStyle.Core.Models;

/// <summary>
/// The pieces of the AdaIN networks as ONNX subgraphs, with pytorch-AdaIN semantics:
/// reflection padding before every 3×3 conv, 2×2 ceil-mode max-pools, nearest ×2 upsampling,
/// unbiased variance + 1e-5 inside the square root.
/// </summary>
/// <param name="staticSize">
/// When set, the graph is for this input size only and uses no Shape-dependent ops (OpenCV's DNN
/// importer needs that); otherwise H and W are dynamic.
/// </param>
public sealed class AdaInGraph(GraphBuilder g, (int Width, int Height)? staticSize = null)
{
    public GraphBuilder Builder => g;

    /// <summary>Image [1,3,H,W] RGB in [0,1] → relu4_1 features [1,512,⌈H/8⌉,⌈W/8⌉].</summary>
    public string Encoder(string image, IReadOnlyDictionary<string, WeightTensor> weights)
    {
        var x = image;
        foreach (var layer in AdaInArchitecture.Encoder)
        {
            if (layer.PoolBefore)
            {
                x = g.Node("MaxPool", [x], null,
                    OnnxAttribute.Of("kernel_shape", [2L, 2L]), OnnxAttribute.Of("strides", [2L, 2L]), OnnxAttribute.Of("ceil_mode", 1L));
            }
            x = Conv(x, layer, weights, "enc");
        }
        return x;
    }

    /// <summary>Features [1,512,h,w] → image [1,3,8h,8w], not clamped.</summary>
    public string Decoder(string features, IReadOnlyDictionary<string, WeightTensor> weights)
    {
        var x = features;
        var scales = g.Floats("upsample_scales", [4], [1f, 1f, 2f, 2f]);
        foreach (var layer in AdaInArchitecture.Decoder)
        {
            if (layer.UpsampleBefore)
            {
                x = g.Node("Resize", [x, "", scales], null,
                    OnnxAttribute.Of("mode", "nearest"),
                    OnnxAttribute.Of("coordinate_transformation_mode", "asymmetric"),
                    OnnxAttribute.Of("nearest_mode", "floor"));
            }
            x = Conv(x, layer, weights, "dec");
        }
        return x;
    }

    /// <summary>Per-channel mean and standard deviation over H and W, both [1,C,1,1].</summary>
    public (string Mean, string Std, string Centered) MeanStd(string features)
    {
        var mean = g.ReduceMean(features, [2, 3], keepDims: true);
        var centered = g.Sub(features, mean);
        var sumOfSquares = g.ReduceSum(g.Mul(centered, centered), g.Int64s("spatial_axes", 2, 3), keepDims: true);
        var count = StaticFeatureCount() is { } n ? g.Scalar("spatial_count", n) : g.Cast(
            g.Node("ReduceProd", [g.Slice(g.Shape(features), g.Int64s("hw_start", 2), g.Int64s("hw_end", 4), g.Int64s("hw_axis", 0))],
                null, OnnxAttribute.Of("keepdims", 0L)),
            OnnxDataType.Float);
        var variance = g.Div(sumOfSquares, g.Sub(count, g.Scalar("one", 1f)));
        var std = g.Sqrt(g.Add(variance, g.Scalar("variance_eps", AdaInArchitecture.VarianceEpsilon)));
        return (mean, std, centered);
    }

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

    private string Conv(string x, ConvLayer layer, IReadOnlyDictionary<string, WeightTensor> weights, string prefix)
    {
        if (layer.Kernel == 3)
        {
            x = g.Node("Pad", [x, g.Int64s("reflect1", 0, 0, 1, 1, 0, 0, 1, 1)], null, OnnxAttribute.Of("mode", "reflect"));
        }
        var w = weights[layer.WeightName];
        var b = weights[layer.BiasName];
        var weightName = g.Floats($"{prefix}.{layer.Label}.weight", [.. w.Shape.Select(d => (long)d)], w.Data);
        var biasName = g.Floats($"{prefix}.{layer.Label}.bias", [.. b.Shape.Select(d => (long)d)], b.Data);
        x = g.Node("Conv", [x, weightName, biasName], null, OnnxAttribute.Of("kernel_shape", [(long)layer.Kernel, layer.Kernel]));
        return layer.Relu ? g.Relu(x) : x;
    }
}
