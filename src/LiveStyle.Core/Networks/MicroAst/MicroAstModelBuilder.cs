using LiveStyle.Core.Models;
using LiveStyle.Core.Onnx;

namespace LiveStyle.Core.Networks.MicroAst;

/// <summary>Builds the fast network's ONNX models (opset 17, dynamic H and W) from verified MicroAST weights.</summary>
public static class MicroAstModelBuilder
{
    /// <summary>Bump when the graphs change, so cached models are rebuilt.</summary>
    public const int Version = 2;
    public const long Opset = 17;

    private static readonly OnnxDim Batch = OnnxDim.Fixed(1);
    private static readonly OnnxDim Rgb = OnnxDim.Fixed(3);
    private static readonly OnnxDim SignalLength = OnnxDim.Fixed(MicroAstSignals.Length);

    public static OnnxModel Build(ModelKind kind, MicroAstWeights weights, MicroAstBuildOptions? options = null)
    {
        var net = new MicroAstGraph(new GraphBuilder(), options ?? MicroAstBuildOptions.Default);
        var g = net.Builder;
        var height = OnnxDim.Dynamic("H");
        var width = OnnxDim.Dynamic("W");
        switch (kind)
        {
            case ModelKind.FastStylizer:
            {
                var content = g.Input(ModelNames.Content, OnnxDataType.Float, Batch, Rgb, height, width);
                var signals = g.Input(ModelNames.Signals, OnnxDataType.Float, Batch, SignalLength);
                var (padded, size) = net.PadToMultipleOf4(content);
                var (_, level1) = net.Encoder(padded, weights.ContentEncoder);
                var image = net.CropTo(net.Clamp01(net.Decoder(level1, signals, weights.Decoder)), size);
                g.Output(image, ModelNames.Image, OnnxDataType.Float, Batch, Rgb, height, width);
                break;
            }
            case ModelKind.FastStyleEncoder:
            {
                // No padding: the stride-2 convs take any size, as in the authors' code.
                var image = g.Input(ModelNames.Image, OnnxDataType.Float, Batch, Rgb, height, width);
                g.Output(net.StyleSignals(image, weights.StyleEncoder, weights.Modulator), ModelNames.Signals, OnnxDataType.Float, Batch, SignalLength);
                break;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a model of the fast network");
        }

        var metadata = new Dictionary<string, string>
        {
            ["livestyle.model"] = ModelNames.FileStem(kind),
            ["livestyle.network"] = "microast",
            ["livestyle.builder_version"] = Version.ToString(),
            ["livestyle.weights_sha256"] = weights.ContentHash,
            ["livestyle.precision"] = "fp32",
        };
        return new OnnxModel(g.Build($"livestyle_{ModelNames.FileStem(kind)}"), Opset, "LiveStyle", Version.ToString(), metadata);
    }
}
