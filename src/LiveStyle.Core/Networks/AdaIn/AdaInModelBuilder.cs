using LiveStyle.Core.Models;
using LiveStyle.Core.Onnx;
using LiveStyle.Core.Quantization;
using LiveStyle.Core.Weights;

namespace LiveStyle.Core.Networks.AdaIn;

/// <summary>Builds LiveStyle's ONNX models (opset 17, dynamic H and W) from verified AdaIN weights.</summary>
public static class AdaInModelBuilder
{
    /// <summary>Bump when the graphs change, so cached models are rebuilt.</summary>
    public const int Version = 1;
    public const long Opset = 17;

    private static readonly OnnxDim Batch = OnnxDim.Fixed(1);
    private static readonly OnnxDim Rgb = OnnxDim.Fixed(3);
    private static readonly OnnxDim Channels = OnnxDim.Fixed(AdaInArchitecture.FeatureChannels);

    /// <param name="staticSize">Build the stylizer for one input size without Shape ops (for OpenCV's DNN module).</param>
    /// <param name="quantization">Build the int8 stylizer with these calibrated activation ranges.</param>
    /// <param name="equalization">Rescale activations per channel (same function; for quantization).</param>
    /// <param name="extraMetadata">Provenance to record in the model (the int8 build's calibration and settings).</param>
    public static OnnxModel Build(AdaInModel kind, IReadOnlyDictionary<string, WeightTensor> encoder, IReadOnlyDictionary<string, WeightTensor> decoder,
        string weightsHash, (int Width, int Height)? staticSize = null, StylizerQuantization? quantization = null,
        ChannelEqualization? equalization = null, IReadOnlyDictionary<string, string>? extraMetadata = null)
    {
        if (staticSize is not null && kind != AdaInModel.Stylizer)
            throw new ArgumentException("only the stylizer has a static-size variant", nameof(kind));
        if (quantization is not null && kind != AdaInModel.Stylizer)
            throw new ArgumentException("only the stylizer has an int8 variant", nameof(kind));
        if (equalization is not null && kind is not (AdaInModel.Stylizer or AdaInModel.CalibrationStylizer))
            throw new ArgumentException("only the stylizers have an equalized variant", nameof(kind));
        var net = new AdaInGraph(new GraphBuilder(), staticSize, quantization, equalization);
        var height = staticSize is { } fixedSize ? OnnxDim.Fixed(fixedSize.Height) : OnnxDim.Dynamic("H");
        var width = staticSize is { } fixedSize2 ? OnnxDim.Fixed(fixedSize2.Width) : OnnxDim.Dynamic("W");
        var g = net.Builder;
        switch (kind)
        {
            case AdaInModel.Stylizer:
            {
                var (content, styleMean, styleStd, alpha) = StylizerInputs(g, height, width);
                var (padded, size) = net.PadToMultipleOf8(content);
                var features = net.AdaIn(net.Encoder(padded, encoder), styleMean, styleStd, alpha);
                var image = net.CropTo(net.Clamp01(net.Decoder(features, decoder)), size);
                g.Output(image, ModelNames.Image, OnnxDataType.Float, Batch, Rgb, height, width);
                break;
            }
            case AdaInModel.CalibrationStylizer:
            {
                var (content, styleMean, styleStd, alpha) = StylizerInputs(g, height, width);
                var (padded, _) = net.PadToMultipleOf8(content);
                net.Decoder(net.AdaIn(net.Encoder(padded, encoder), styleMean, styleStd, alpha), decoder);
                foreach (var (label, value) in net.Taps)
                    g.Output(value, ModelNames.ActivationOutput(label), OnnxDataType.Float, Batch, OnnxDim.Dynamic($"{label}_c"), OnnxDim.Dynamic($"{label}_h"), OnnxDim.Dynamic($"{label}_w"));
                break;
            }
            case AdaInModel.LossEncoder:
            {
                var image = g.Input(ModelNames.Image, OnnxDataType.Float, Batch, Rgb, OnnxDim.Dynamic("H"), OnnxDim.Dynamic("W"));
                net.Encoder(image, encoder);
                foreach (var (output, layer) in ModelNames.LossLayers)
                    g.Output(net.Taps[layer], output, OnnxDataType.Float, Batch, OnnxDim.Dynamic($"{output}_c"), OnnxDim.Dynamic($"{output}_h"), OnnxDim.Dynamic($"{output}_w"));
                break;
            }
            case AdaInModel.StyleEncoder:
            {
                // No padding here: ceil-mode pooling gives pytorch-AdaIN's statistics at any size.
                var image = g.Input(ModelNames.Image, OnnxDataType.Float, Batch, Rgb, OnnxDim.Dynamic("H"), OnnxDim.Dynamic("W"));
                var (mean, std, _) = net.MeanStd(net.Encoder(image, encoder));
                g.Output(net.Flatten(mean), ModelNames.Mean, OnnxDataType.Float, Batch, Channels);
                g.Output(net.Flatten(std), ModelNames.Std, OnnxDataType.Float, Batch, Channels);
                break;
            }
            case AdaInModel.Encoder:
            {
                var image = g.Input(ModelNames.Image, OnnxDataType.Float, Batch, Rgb, OnnxDim.Dynamic("H"), OnnxDim.Dynamic("W"));
                g.Output(net.Encoder(image, encoder), ModelNames.Features, OnnxDataType.Float, Batch, Channels, OnnxDim.Dynamic("h"), OnnxDim.Dynamic("w"));
                break;
            }
            case AdaInModel.Decoder:
            {
                var features = g.Input(ModelNames.Features, OnnxDataType.Float, Batch, Channels, OnnxDim.Dynamic("h"), OnnxDim.Dynamic("w"));
                g.Output(net.Decoder(features, decoder), ModelNames.Image, OnnxDataType.Float, Batch, Rgb, OnnxDim.Dynamic("H"), OnnxDim.Dynamic("W"));
                break;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(kind));
        }

        var metadata = new Dictionary<string, string>
        {
            ["livestyle.model"] = AdaInModels.FileStem(kind),
            ["livestyle.builder_version"] = Version.ToString(),
            ["livestyle.weights_sha256"] = weightsHash,
            ["livestyle.precision"] = quantization is null ? "fp32" : "int8",
        };
        foreach (var (key, value) in extraMetadata ?? new Dictionary<string, string>()) metadata[key] = value;
        return new OnnxModel(g.Build($"livestyle_{AdaInModels.FileStem(kind)}"), Opset, "LiveStyle", Version.ToString(), metadata);
    }

    /// <summary>The stylizer's inputs: content [1,3,H,W], style_mean and style_std [1,512], alpha [1].</summary>
    private static (string Content, string StyleMean, string StyleStd, string Alpha) StylizerInputs(GraphBuilder g, OnnxDim height, OnnxDim width) =>
        (g.Input(ModelNames.Content, OnnxDataType.Float, Batch, Rgb, height, width),
         g.Input(ModelNames.StyleMean, OnnxDataType.Float, Batch, Channels),
         g.Input(ModelNames.StyleStd, OnnxDataType.Float, Batch, Channels),
         g.Input(ModelNames.Alpha, OnnxDataType.Float, OnnxDim.Fixed(1)));
}
