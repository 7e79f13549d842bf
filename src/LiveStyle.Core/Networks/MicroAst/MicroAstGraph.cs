using LiveStyle.Core.Onnx;
using LiveStyle.Core.Quantization;
using LiveStyle.Core.Weights;

namespace LiveStyle.Core.Networks.MicroAst;

/// <summary>
/// The pieces of MicroAST as ONNX subgraphs, with the authors' semantics: reflection padding of
/// kernel/2 before every conv (the stride-2 ones too), groups from the weight shapes, residual
/// blocks, bilinear ×2 upsampling with half-pixel centres (PyTorch's align_corners=False), AdaIN
/// with unbiased variance + 1e-5 inside the square root for both content and style statistics.
/// </summary>
/// <param name="quantization">
/// When set, the convs it quantizes run in QDQ form (uint8 activations, int8 weights per output
/// channel), which ONNX Runtime fuses into QLinearConv; everything between convs stays float.
/// </param>
public sealed partial class MicroAstGraph(GraphBuilder g, MicroAstBuildOptions options, StylizerQuantization? quantization = null)
{
    private readonly Dictionary<string, string> _taps = [];

    public GraphBuilder Builder => g;

    /// <summary>
    /// Every conv's float input ("{key}.in") and output after its ReLU ("{key}.out"): what int8
    /// calibration measures (<see cref="MicroAstQuantization"/>).
    /// </summary>
    public IReadOnlyDictionary<string, string> Taps => _taps;

    /// <summary>Image [1,3,H,W] → feature levels 0 and 1, both [1,64,H/4,W/4] (H, W multiples of 4; else the ceiling).</summary>
    /// <param name="firstConv">Where in the stem <paramref name="image"/> enters: 0 for the image, <see cref="CpuHeadConvs"/> for the CPU head's output.</param>
    public (string Level0, string Level1) Encoder(string image, IReadOnlyDictionary<string, WeightTensor> weights, int firstConv = 0)
    {
        var x = image;
        foreach (var conv in MicroAstArchitecture.EncoderStem.Skip(firstConv))
            x = conv == MicroAstArchitecture.EncoderStem[0] && options.InputSpaceToDepth > 0
                ? g.Relu(SpaceToDepthConv(x, conv, weights, options.InputSpaceToDepth))
                : Conv(x, conv, weights, relu: true);
        var level0 = Residual(x, MicroAstArchitecture.EncoderLevel0, weights);
        return (level0, Residual(level0, MicroAstArchitecture.EncoderLevel1, weights));
    }

    /// <summary>Style image → the signals vector [1,512] in <see cref="MicroAstSignals"/> order.</summary>
    public string StyleSignals(string image, IReadOnlyDictionary<string, WeightTensor> encoder, IReadOnlyDictionary<string, WeightTensor> modulator)
    {
        var (level0, level1) = Encoder(image, encoder);
        var (mean0, std0, _) = MeanStd(level0);
        var (mean1, std1, _) = MeanStd(level1);
        var blocks = new[]
        {
            mean0, std0, mean1, std1,
            GlobalAverage(Conv(level0, MicroAstArchitecture.WeightLevel0, modulator)),
            GlobalAverage(Conv(level0, MicroAstArchitecture.BiasLevel0, modulator)),
            GlobalAverage(Conv(level1, MicroAstArchitecture.WeightLevel1, modulator)),
            GlobalAverage(Conv(level1, MicroAstArchitecture.BiasLevel1, modulator)),
        };
        var flat = g.Int64s("block_shape", 1, MicroAstSignals.BlockLength);
        return g.Concat(1, [.. blocks.Select(b => g.Reshape(b, flat))]);
    }

    /// <summary>
    /// Content level 1 + signals → image [1,3,4h,4w], not clamped: AdaIN with the level-1
    /// statistics, the level-1 modulated block, AdaIN with the level-0 statistics, the level-0
    /// modulated block, then the upsampling tail.
    /// </summary>
    /// <summary>With <see cref="MicroAstBuildOptions.CpuEnds"/>: the CPU head runs the whole stem and hands over enc1.8's output.</summary>
    public static int CpuHeadConvs => MicroAstArchitecture.EncoderStem.Count;

    public string Decoder(string contentLevel1, string signals, IReadOnlyDictionary<string, WeightTensor> weights) =>
        DecoderTail(DecoderCore(contentLevel1, signals, weights), weights);

    /// <summary>The decoder up to the level-0 modulated block's output [1,64,h,w]: what the ONNX core hands the CPU tail with <see cref="MicroAstBuildOptions.CpuEnds"/>.</summary>
    public string DecoderCore(string contentLevel1, string signals, IReadOnlyDictionary<string, WeightTensor> weights)
    {
        var x = AdaIn(contentLevel1, Block(signals, MicroAstSignals.MeanLevel1), Block(signals, MicroAstSignals.StdLevel1));
        x = ModulatedResidual(x, MicroAstArchitecture.DecoderLevel1, weights,
            Block(signals, MicroAstSignals.WeightLevel1), Block(signals, MicroAstSignals.BiasLevel1));
        x = AdaIn(x, Block(signals, MicroAstSignals.MeanLevel0), Block(signals, MicroAstSignals.StdLevel0));
        x = ModulatedResidual(x, MicroAstArchitecture.DecoderLevel0, weights,
            Block(signals, MicroAstSignals.WeightLevel0), Block(signals, MicroAstSignals.BiasLevel0));

        return x;
    }

    /// <summary>The level-0 block's output → image [1,3,4h,4w], not clamped: the two upsampling steps and the last conv.</summary>
    public string DecoderTail(string x, IReadOnlyDictionary<string, WeightTensor> weights)
    {
        var tail = MicroAstArchitecture.DecoderTail;
        x = Conv(Upsample(x), tail[0], weights, relu: true);
        x = Conv(x, tail[1], weights, relu: true);
        x = Conv(Upsample(x), tail[2], weights, relu: true);
        x = Conv(x, tail[3], weights, relu: true);
        return options.OutputSpaceToDepth > 0 ? SpaceToDepthConv(x, tail[4], weights, options.OutputSpaceToDepth) : Conv(x, tail[4], weights);
    }

    /// <summary>x + conv2(relu(conv1(x))).</summary>
    public string Residual(string x, MicroAstResidual block, IReadOnlyDictionary<string, WeightTensor> weights) =>
        g.Add(x, Conv(Conv(x, block.Conv1, weights, relu: true), block.Conv2, weights));

    /// <summary>
    /// The filter-modulated residual block: y1 = w·conv1(x) + b·x; y2 = relu(y1);
    /// out = x + w·conv2(y2) + b·y2, with w and b [1,64,1,1].
    /// </summary>
    public string ModulatedResidual(string x, MicroAstResidual block, IReadOnlyDictionary<string, WeightTensor> weights, string w, string b)
    {
        if (options.FoldModulation)
        {
            var y = g.Relu(ModulatedConv(x, block.Conv1, weights, w, b));
            return g.Add(x, ModulatedConv(y, block.Conv2, weights, w, b));
        }
        var y1 = g.Add(g.Mul(w, Conv(x, block.Conv1, weights)), g.Mul(b, x));
        var y2 = g.Relu(y1);
        return g.Add(x, g.Add(g.Mul(w, Conv(y2, block.Conv2, weights)), g.Mul(b, y2)));
    }

    /// <summary>The content features with the given channel statistics ([1,64,1,1] each).</summary>
    public string AdaIn(string features, string targetMean, string targetStd)
    {
        var (_, std, centered) = MeanStd(features);
        return g.Add(g.Mul(g.Div(centered, std), targetStd), targetMean);
    }

    /// <summary>Per-channel mean and sqrt(unbiased variance + 1e-5) over H and W, both [1,C,1,1].</summary>
    public (string Mean, string Std, string Centered) MeanStd(string features) =>
        ChannelStatisticsGraph.MeanStd(g, features, MicroAstArchitecture.VarianceEpsilon);

    /// <summary>Pads H and W (reflect, bottom and right) up to multiples of 4; returns the padded image and the original [H,W].</summary>
    public (string Padded, string OriginalSize) PadToMultipleOf4(string image)
    {
        var size = g.Slice(g.Shape(image), g.Int64s("size_start", 2), g.Int64s("size_end", 4), g.Int64s("size_axis", 0));
        var four = g.Int64s("four", MicroAstArchitecture.Downscale);
        var missing = g.Node("Mod", [g.Sub(four, g.Node("Mod", [size, four])), four]);
        var pads = g.Concat(0, g.Int64s("pads_begin", 0, 0, 0, 0, 0, 0), missing);
        return (g.Node("Pad", [image, pads], null, OnnxAttribute.Of("mode", "reflect")), size);
    }

    public string CropTo(string image, string size) =>
        g.Slice(image, g.Int64s("crop_start", 0, 0), size, g.Int64s("crop_axes", 2, 3));

    public string Clamp01(string image) =>
        g.Node("Clip", [image, g.Scalar("zero", 0f), g.Scalar("one", 1f)]);

    /// <summary>Block <paramref name="offset"/> of the signals [1,512] as [1,64,1,1].</summary>
    private string Block(string signals, int offset) =>
        g.Reshape(
            g.Slice(signals, g.Int64s("block_start", offset), g.Int64s("block_end", offset + MicroAstSignals.BlockLength), g.Int64s("block_axis", 1)),
            g.Int64s("stats_shape", 1, MicroAstSignals.BlockLength, 1, 1));

    private string GlobalAverage(string x) => g.ReduceMean(x, [2, 3], keepDims: true);

    /// <summary>Bilinear ×2 with half-pixel centres: PyTorch's Upsample(scale_factor=2, mode='bilinear'), edges clamped like it.</summary>
    private string Upsample(string x) =>
        g.Node("Resize", [x, "", g.Floats("upsample_scales", [4], [1f, 1f, 2f, 2f])], null,
            OnnxAttribute.Of("mode", "linear"),
            OnnxAttribute.Of("coordinate_transformation_mode", "half_pixel"));
}
