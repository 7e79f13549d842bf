using LiveStyle.Core.Models;
using LiveStyle.Core.Onnx;
using LiveStyle.Core.Quantization;

namespace LiveStyle.Core.Networks.MicroAst;

/// <summary>Builds the fast network's ONNX models (opset 17, dynamic H and W) from verified MicroAST weights.</summary>
public static class MicroAstModelBuilder
{
    /// <summary>Bump when the graphs change, so cached models are rebuilt.</summary>
    public const int Version = 3;
    public const long Opset = 17;

    private static readonly OnnxDim Batch = OnnxDim.Fixed(1);
    private static readonly OnnxDim Rgb = OnnxDim.Fixed(3);
    private static readonly OnnxDim SignalLength = OnnxDim.Fixed(MicroAstSignals.Length);

    /// <param name="quantization">Build the int8 stylizer with these calibrated activation ranges.</param>
    /// <param name="taps">Build the calibration stylizer: the float stylizer that also outputs these activations (<see cref="MicroAstGraph.Taps"/> labels).</param>
    /// <param name="extraMetadata">Provenance to record in the model (the int8 build's calibration and settings).</param>
    public static OnnxModel Build(MicroAstModel model, MicroAstWeights weights, MicroAstBuildOptions? options = null, StylizerQuantization? quantization = null,
        IReadOnlyList<string>? taps = null, IReadOnlyDictionary<string, string>? extraMetadata = null)
    {
        if ((quantization is not null || taps is not null) && model != MicroAstModel.Stylizer)
            throw new ArgumentException("only the fast stylizer has int8 and calibration variants", nameof(model));
        var net = new MicroAstGraph(new GraphBuilder(), options ?? MicroAstBuildOptions.Default, quantization);
        var g = net.Builder;
        var height = OnnxDim.Dynamic("H");
        var width = OnnxDim.Dynamic("W");
        switch (model)
        {
            case MicroAstModel.Stylizer when options?.CpuEnds == true:
            {
                // Everything at a quarter of the frame's size: the CPU head's and tail's planes.
                var quarterHeight = OnnxDim.Dynamic("H4");
                var quarterWidth = OnnxDim.Dynamic("W4");
                var features = OnnxDim.Fixed(MicroAstArchitecture.FeatureChannels);
                var head = g.Input(ModelNames.Head, OnnxDataType.Float, Batch, features, quarterHeight, quarterWidth);
                var signals = g.Input(ModelNames.Signals, OnnxDataType.Float, Batch, SignalLength);
                var (_, level1) = net.Encoder(head, weights.ContentEncoder, MicroAstGraph.CpuHeadConvs);
                g.Output(net.DecoderCore(level1, signals, weights.Decoder), ModelNames.Tail, OnnxDataType.Float, Batch, features, quarterHeight, quarterWidth);
                break;
            }
            case MicroAstModel.Stylizer:
            {
                var content = g.Input(ModelNames.Content, OnnxDataType.Float, Batch, Rgb, height, width);
                var signals = g.Input(ModelNames.Signals, OnnxDataType.Float, Batch, SignalLength);
                var (padded, size) = net.PadToMultipleOf4(content);
                var (_, level1) = net.Encoder(padded, weights.ContentEncoder);
                var image = net.CropTo(net.Clamp01(net.Decoder(level1, signals, weights.Decoder)), size);
                g.Output(image, ModelNames.Image, OnnxDataType.Float, Batch, Rgb, height, width);
                foreach (var label in taps ?? [])
                    g.Output(net.Taps[label], ModelNames.ActivationOutput(label), OnnxDataType.Float, Batch,
                        OnnxDim.Dynamic($"{label}_c"), OnnxDim.Dynamic($"{label}_h"), OnnxDim.Dynamic($"{label}_w"));
                break;
            }
            case MicroAstModel.StyleEncoder:
            {
                // No padding: the stride-2 convs take any size, as in the authors' code.
                var image = g.Input(ModelNames.Image, OnnxDataType.Float, Batch, Rgb, height, width);
                g.Output(net.StyleSignals(image, weights.StyleEncoder, weights.Modulator), ModelNames.Signals, OnnxDataType.Float, Batch, SignalLength);
                break;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(model), model, "not a model of the fast network");
        }

        var metadata = new Dictionary<string, string>
        {
            ["livestyle.model"] = MicroAstModels.FileStem(model),
            ["livestyle.network"] = "microast",
            ["livestyle.builder_version"] = Version.ToString(),
            ["livestyle.weights_sha256"] = weights.ContentHash,
            ["livestyle.precision"] = quantization is null ? "fp32" : "int8",
        };
        foreach (var (key, value) in extraMetadata ?? new Dictionary<string, string>()) metadata[key] = value;
        return new OnnxModel(g.Build($"livestyle_{MicroAstModels.FileStem(model)}"), Opset, "LiveStyle", Version.ToString(), metadata);
    }
}
