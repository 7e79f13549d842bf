using LiveStyle.Core.Networks.MicroAst;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace LiveStyle.Train.Networks;

/// <summary>
/// MicroAST (Wang et al., AAAI 2023) in TorchSharp, eager, with the semantics of Core's ONNX
/// models (MicroAstGraph) and the authors' weights: content and style encoders, modulator and
/// decoder as four parameter sets, the style signals in <see cref="MicroAstSignals"/> order.
/// Intermediate tensors are left to the caller's <c>torch.NewDisposeScope()</c>.
/// </summary>
public sealed class MicroAstNetwork : nn.Module
{
    public MicroAstPart ContentEncoder { get; } = new("content_encoder", MicroAstArchitecture.EncoderConvs);
    public MicroAstPart StyleEncoder { get; } = new("style_encoder", MicroAstArchitecture.EncoderConvs);
    public MicroAstPart Modulator { get; } = new("modulator", MicroAstArchitecture.ModulatorConvs);
    public MicroAstPart Decoder { get; } = new("decoder", MicroAstArchitecture.DecoderConvs);

    public MicroAstNetwork() : base("microast")
    {
        register_module("content_encoder", ContentEncoder);
        register_module("style_encoder", StyleEncoder);
        register_module("modulator", Modulator);
        register_module("decoder", Decoder);
    }

    public void Load(MicroAstWeights weights, string source)
    {
        ContentEncoder.Load(weights.ContentEncoder, MicroAstWeights.PathOf(source, MicroAstWeights.ContentEncoderFileName));
        StyleEncoder.Load(weights.StyleEncoder, MicroAstWeights.PathOf(source, MicroAstWeights.StyleEncoderFileName));
        Modulator.Load(weights.Modulator, MicroAstWeights.PathOf(source, MicroAstWeights.ModulatorFileName));
        Decoder.Load(weights.Decoder, MicroAstWeights.PathOf(source, MicroAstWeights.DecoderFileName));
    }

    /// <summary>Image [N,3,H,W] → feature levels 0 and 1 [N,64,H/4,W/4].</summary>
    public static (Tensor Level0, Tensor Level1) Encode(MicroAstPart part, Tensor image)
    {
        var x = image;
        foreach (var conv in MicroAstArchitecture.EncoderStem) x = F.relu(Conv(part, conv, x));
        var level0 = Residual(part, MicroAstArchitecture.EncoderLevel0, x);
        return (level0, Residual(part, MicroAstArchitecture.EncoderLevel1, level0));
    }

    /// <summary>Style image [N,3,H,W] → signals [N,512]: mean/std of both levels, then the modulator's w/b.</summary>
    public Tensor Signals(Tensor style)
    {
        var (level0, level1) = Encode(StyleEncoder, style);
        var (mean0, std0) = AdaInFunctions.MeanStd(level0);
        var (mean1, std1) = AdaInFunctions.MeanStd(level1);
        Tensor Average(MicroAstConv conv, Tensor x) => Conv(Modulator, conv, x).mean([2, 3], keepdim: true);
        var blocks = new[]
        {
            mean0, std0, mean1, std1,
            Average(MicroAstArchitecture.WeightLevel0, level0), Average(MicroAstArchitecture.BiasLevel0, level0),
            Average(MicroAstArchitecture.WeightLevel1, level1), Average(MicroAstArchitecture.BiasLevel1, level1),
        };
        return cat(blocks.Select(b => b.flatten(1)).ToArray(), 1);
    }

    /// <summary>
    /// Content [N,3,H,W] + signals [N,512] → image [N,3,H,W] clamped to [0,1]. Sides that are not
    /// multiples of 4 are reflect-padded (bottom, right) and cropped back, as the ONNX model does.
    /// </summary>
    public Tensor Stylize(Tensor content, Tensor signals, bool clamp = true)
    {
        var (height, width) = (content.shape[2], content.shape[3]);
        var (padH, padW) = ((4 - height % 4) % 4, (4 - width % 4) % 4);
        var x = padH + padW > 0 ? F.pad(content, [0, padW, 0, padH], PaddingModes.Reflect) : content;
        var (_, level1) = Encode(ContentEncoder, x);
        var image = Decode(level1, signals);
        if (padH + padW > 0) image = image[.., .., ..(int)height, ..(int)width];
        return clamp ? image.clamp(0, 1) : image;
    }

    /// <summary>Content level 1 + signals → unclamped image (AdaIN l1, modulated block l1, AdaIN l0, modulated block l0, tail).</summary>
    public Tensor Decode(Tensor contentLevel1, Tensor signals)
    {
        Tensor Block(int offset) => signals[.., offset..(offset + MicroAstSignals.BlockLength)].reshape(-1, MicroAstSignals.BlockLength, 1, 1);
        var x = AdaIn(contentLevel1, Block(MicroAstSignals.MeanLevel1), Block(MicroAstSignals.StdLevel1));
        x = ModulatedResidual(MicroAstArchitecture.DecoderLevel1, x, Block(MicroAstSignals.WeightLevel1), Block(MicroAstSignals.BiasLevel1));
        x = AdaIn(x, Block(MicroAstSignals.MeanLevel0), Block(MicroAstSignals.StdLevel0));
        x = ModulatedResidual(MicroAstArchitecture.DecoderLevel0, x, Block(MicroAstSignals.WeightLevel0), Block(MicroAstSignals.BiasLevel0));
        var tail = MicroAstArchitecture.DecoderTail;
        x = F.relu(Conv(Decoder, tail[0], Upsample(x)));
        x = F.relu(Conv(Decoder, tail[1], x));
        x = F.relu(Conv(Decoder, tail[2], Upsample(x)));
        x = F.relu(Conv(Decoder, tail[3], x));
        return Conv(Decoder, tail[4], x);
    }

    private Tensor ModulatedResidual(MicroAstResidual block, Tensor x, Tensor w, Tensor b)
    {
        var y = F.relu(w * Conv(Decoder, block.Conv1, x) + b * x);
        return x + w * Conv(Decoder, block.Conv2, y) + b * y;
    }

    private static Tensor AdaIn(Tensor x, Tensor mean, Tensor std)
    {
        var (contentMean, contentStd) = AdaInFunctions.MeanStd(x);
        return (x - contentMean) / contentStd * std + mean;
    }

    private static Tensor Residual(MicroAstPart part, MicroAstResidual block, Tensor level) =>
        level + Conv(part, block.Conv2, F.relu(Conv(part, block.Conv1, level)));

    private static Tensor Upsample(Tensor x) =>
        F.interpolate(x, scale_factor: [2.0, 2.0], mode: InterpolationMode.Bilinear, align_corners: false);

    private static Tensor Conv(MicroAstPart part, MicroAstConv conv, Tensor x)
    {
        var p = conv.Padding;
        if (p > 0) x = F.pad(x, [p, p, p, p], PaddingModes.Reflect);
        return F.conv2d(x, part[conv.WeightName], part[conv.BiasName], strides: [conv.Stride, conv.Stride], groups: conv.Groups);
    }
}
