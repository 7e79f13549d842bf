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
public sealed class MicroAstGraph(GraphBuilder g, MicroAstBuildOptions options, StylizerQuantization? quantization = null)
{
    private readonly Dictionary<string, string> _taps = [];

    public GraphBuilder Builder => g;

    /// <summary>
    /// Every conv's float input ("{key}.in") and output after its ReLU ("{key}.out"): what int8
    /// calibration measures (<see cref="MicroAstQuantization"/>).
    /// </summary>
    public IReadOnlyDictionary<string, string> Taps => _taps;

    /// <summary>Image [1,3,H,W] → feature levels 0 and 1, both [1,64,H/4,W/4] (H, W multiples of 4; else the ceiling).</summary>
    public (string Level0, string Level1) Encoder(string image, IReadOnlyDictionary<string, WeightTensor> weights)
    {
        var x = image;
        foreach (var conv in MicroAstArchitecture.EncoderStem)
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
    public string Decoder(string contentLevel1, string signals, IReadOnlyDictionary<string, WeightTensor> weights)
    {
        var x = AdaIn(contentLevel1, Block(signals, MicroAstSignals.MeanLevel1), Block(signals, MicroAstSignals.StdLevel1));
        x = ModulatedResidual(x, MicroAstArchitecture.DecoderLevel1, weights,
            Block(signals, MicroAstSignals.WeightLevel1), Block(signals, MicroAstSignals.BiasLevel1));
        x = AdaIn(x, Block(signals, MicroAstSignals.MeanLevel0), Block(signals, MicroAstSignals.StdLevel0));
        x = ModulatedResidual(x, MicroAstArchitecture.DecoderLevel0, weights,
            Block(signals, MicroAstSignals.WeightLevel0), Block(signals, MicroAstSignals.BiasLevel0));

        var tail = MicroAstArchitecture.DecoderTail;
        x = Conv(Upsample(x), tail[0], weights, relu: true);
        x = Conv(x, tail[1], weights, relu: true);
        x = Conv(Upsample(x), tail[2], weights, relu: true);
        x = Conv(x, tail[3], weights, relu: true);
        return options.OutputSpaceToDepth > 0 ? SpaceToDepthConv(x, tail[4], weights, options.OutputSpaceToDepth) : Conv(x, tail[4], weights);
    }

    /// <summary>
    /// A stride-1 K×K conv computed on blocks of s×s pixels (exact): reflect-pad K/2, SpaceToDepth(s),
    /// a K'×K' conv from In·s² to Out·s² channels with K' = ⌊(s+K−2)/s⌋+1, DepthToSpace(s). Block
    /// output (ay,ax) of channel o takes input phase (by,bx) of channel i at block offset (qy,qx) with
    /// the original tap (s·qy+by−ay, s·qx+bx−ax) when it lies inside the kernel. Needs H and W
    /// (padded: + 2·(K/2)) to be multiples of s.
    /// </summary>
    private string SpaceToDepthConv(string x, MicroAstConv conv, IReadOnlyDictionary<string, WeightTensor> weights, int s)
    {
        if (conv.Groups != 1 || conv.Stride != 1 || (2 * conv.Padding) % s != 0 || MicroAstArchitecture.Downscale % s != 0)
            throw new ArgumentException($"{conv.Key} has no space-to-depth form with block {s}");
        var w = weights[conv.WeightName].Data;
        var b = weights[conv.BiasName].Data;
        int k = conv.Kernel, inC = conv.InChannels, outC = conv.OutChannels;
        var k2 = (s + k - 2) / s + 1;
        int blockIn = inC * s * s, blockOut = outC * s * s;
        var weight = new float[blockOut * blockIn * k2 * k2];
        var bias = new float[blockOut];
        // SpaceToDepth and DepthToSpace (DCR) both order channels as (phase y · s + phase x) · C + c.
        for (var ay = 0; ay < s; ay++)
        for (var ax = 0; ax < s; ax++)
        for (var o = 0; o < outC; o++)
        {
            var oc = (ay * s + ax) * outC + o;
            bias[oc] = b[o];
            for (var by = 0; by < s; by++)
            for (var bx = 0; bx < s; bx++)
            for (var i = 0; i < inC; i++)
            {
                var ic = (by * s + bx) * inC + i;
                for (var qy = 0; qy < k2; qy++)
                for (var qx = 0; qx < k2; qx++)
                {
                    int dy = s * qy + by - ay, dx = s * qx + bx - ax;
                    if (dy < 0 || dy >= k || dx < 0 || dx >= k) continue;
                    weight[((oc * blockIn + ic) * k2 + qy) * k2 + qx] = w[((o * inC + i) * k + dy) * k + dx];
                }
            }
        }
        _taps[$"{conv.Key}.in"] = x;
        var blocks = g.Node("SpaceToDepth", [ReflectPad(x, conv.Padding)], null, OnnxAttribute.Of("blocksize", (long)s));
        string y;
        if (quantization is { } q && q.IsQuantized(conv.Key))
        {
            // The same QDQ conv as QuantizedConv, on the blocks (SpaceToDepth only moves values, so the input's range holds).
            var input = q.For($"{conv.Key}.in");
            var output = q.For($"{conv.Key}.out");
            var wq = ConvWeightQuantization.Create(new WeightTensor(conv.WeightName, [blockOut, blockIn, k2, k2], weight), new WeightTensor(conv.BiasName, [blockOut], bias), input.Scale);
            var weightName = g.DequantizeLinear(g.Int8s($"{conv.Key}.s2d_weight_int8", [blockOut, blockIn, k2, k2], wq.Weights),
                g.Floats($"{conv.Key}.s2d_weight_scale", [blockOut], wq.WeightScales), g.Int8s($"{conv.Key}.s2d_weight_zero", [blockOut], new sbyte[blockOut]), axis: 0);
            var biasName = g.DequantizeLinear(g.Int32s($"{conv.Key}.s2d_bias_int32", [blockOut], wq.Bias),
                g.Floats($"{conv.Key}.s2d_bias_scale", [blockOut], wq.BiasScales), g.Int32s($"{conv.Key}.s2d_bias_zero", [blockOut], new int[blockOut]), axis: 0);
            y = Dequantize(Quantize(g.Node("Conv", [Dequantize(Quantize(blocks, input), input), weightName, biasName], null,
                OnnxAttribute.Of("kernel_shape", [(long)k2, k2])), output), output);
        }
        else
        {
            y = g.Node("Conv", [blocks, g.Floats($"{conv.Key}.s2d_weight", [blockOut, blockIn, k2, k2], weight), g.Floats($"{conv.Key}.s2d_bias", [blockOut], bias)], null,
                OnnxAttribute.Of("kernel_shape", [(long)k2, k2]));
        }
        var result = g.Node("DepthToSpace", [y], null, OnnxAttribute.Of("blocksize", (long)s), OnnxAttribute.Of("mode", "DCR"));
        _taps[$"{conv.Key}.out"] = result;
        return result;
    }

    /// <summary>Reflection padding of kernel/2, then the conv (grouped and strided as the layer says), then optionally a ReLU.</summary>
    public string Conv(string x, MicroAstConv conv, IReadOnlyDictionary<string, WeightTensor> weights, bool relu = false)
    {
        _taps[$"{conv.Key}.in"] = x;
        var y = quantization is { } q && q.IsQuantized(conv.Key) ? QuantizedConv(x, conv, weights, relu, q) : FloatConv(x, conv, weights, relu);
        _taps[$"{conv.Key}.out"] = y;
        return y;
    }

    private string FloatConv(string x, MicroAstConv conv, IReadOnlyDictionary<string, WeightTensor> weights, bool relu)
    {
        var y = FloatConv(x, conv, weights);
        return relu ? g.Relu(y) : y;
    }

    /// <summary>
    /// QuantizeLinear(input) → reflection pad on uint8 → DequantizeLinear, int8 weights per output
    /// channel and int32 bias through DequantizeLinear → Conv → QuantizeLinear(output) →
    /// DequantizeLinear: ONNX Runtime fuses the middle into QLinearConv. A following ReLU needs no
    /// node: its output range starts at 0, so the zero point is 0 and QuantizeLinear saturates negatives.
    /// </summary>
    private string QuantizedConv(string x, MicroAstConv conv, IReadOnlyDictionary<string, WeightTensor> weights, bool relu, StylizerQuantization q)
    {
        if (conv.Groups != 1) throw new InvalidOperationException($"{conv.Key}: only dense convs are quantized");
        var input = q.For($"{conv.Key}.in");
        var output = q.For($"{conv.Key}.out");
        if (relu && output.ZeroPoint != 0)
            throw new InvalidOperationException($"{conv.Key} is followed by a ReLU, so its output's zero point must be 0 (got {output.ZeroPoint})");
        var quantized = Quantize(x, input);
        if (conv.Padding > 0) quantized = ReflectPad(quantized, conv.Padding);
        var w = weights[conv.WeightName];
        var wq = ConvWeightQuantization.Create(w, weights[conv.BiasName], input.Scale);
        var outC = conv.OutChannels;
        var weightName = g.DequantizeLinear(
            g.Int8s($"{conv.Key}.weight_int8", [.. w.Shape.Select(d => (long)d)], wq.Weights),
            g.Floats($"{conv.Key}.weight_scale", [outC], wq.WeightScales), g.Int8s($"{conv.Key}.weight_zero", [outC], new sbyte[outC]), axis: 0);
        var biasName = g.DequantizeLinear(
            g.Int32s($"{conv.Key}.bias_int32", [outC], wq.Bias),
            g.Floats($"{conv.Key}.bias_scale", [outC], wq.BiasScales), g.Int32s($"{conv.Key}.bias_zero", [outC], new int[outC]), axis: 0);
        var y = g.Node("Conv", [Dequantize(quantized, input), weightName, biasName], null,
            OnnxAttribute.Of("kernel_shape", [(long)conv.Kernel, conv.Kernel]), OnnxAttribute.Of("strides", [(long)conv.Stride, conv.Stride]));
        return Dequantize(Quantize(y, output), output);
    }

    private string Quantize(string x, ActivationQuantization q) =>
        g.QuantizeLinear(x, g.Scalar("act_scale", q.Scale), g.UInt8Scalar("act_zero", q.ZeroPoint));

    private string Dequantize(string x, ActivationQuantization q) =>
        g.DequantizeLinear(x, g.Scalar("act_scale", q.Scale), g.UInt8Scalar("act_zero", q.ZeroPoint));

    private string FloatConv(string x, MicroAstConv conv, IReadOnlyDictionary<string, WeightTensor> weights)
    {
        if (options.RegroupConvs && conv.Groups > 1 && conv.Groups < conv.InChannels)
            return conv.InChannels / conv.Groups == 1 ? BlockDiagonalConv(x, conv, weights) : DepthwiseThenPairSum(x, conv, weights);
        if (conv.Padding > 0) x = ReflectPad(x, conv.Padding);
        var w = weights[conv.WeightName];
        var b = weights[conv.BiasName];
        return g.Node("Conv", [x, g.Floats(conv.WeightName, [.. w.Shape.Select(d => (long)d)], w.Data), g.Floats(conv.BiasName, [conv.OutChannels], b.Data)], null,
            OnnxAttribute.Of("kernel_shape", [(long)conv.Kernel, conv.Kernel]),
            OnnxAttribute.Of("strides", [(long)conv.Stride, conv.Stride]),
            OnnxAttribute.Of("group", (long)conv.Groups));
    }

    /// <summary>A grouped conv with one input per group as a dense conv whose weights are zero outside the groups (exact).</summary>
    private string BlockDiagonalConv(string x, MicroAstConv conv, IReadOnlyDictionary<string, WeightTensor> weights)
    {
        var w = weights[conv.WeightName].Data;
        int k = conv.Kernel, inC = conv.InChannels, outC = conv.OutChannels, perGroup = outC / conv.Groups, area = k * k;
        var dense = new float[outC * inC * area];
        for (var o = 0; o < outC; o++)
            Array.Copy(w, o * area, dense, (o * inC + o / perGroup) * area, area);
        return g.Node("Conv", [ReflectPad(x, conv.Padding), g.Floats($"{conv.Key}.dense_weight", [outC, inC, k, k], dense), g.Floats(conv.BiasName, [outC], weights[conv.BiasName].Data)], null,
            OnnxAttribute.Of("kernel_shape", [(long)k, k]), OnnxAttribute.Of("strides", [(long)conv.Stride, conv.Stride]));
    }

    /// <summary>
    /// A grouped conv with n inputs and one output per group as a depthwise conv (input channel c
    /// with the group's kernel for its input c mod n), then a 1×1 conv adding each group's n channels and the bias (exact).
    /// </summary>
    private string DepthwiseThenPairSum(string x, MicroAstConv conv, IReadOnlyDictionary<string, WeightTensor> weights)
    {
        int k = conv.Kernel, inC = conv.InChannels, outC = conv.OutChannels, perGroup = inC / conv.Groups;
        if (outC != conv.Groups) throw new ArgumentException($"{conv.Key}: expected one output per group");
        // [outC, perGroup, k, k] read as [inC, 1, k, k]: input channel o·n+j takes kernel (o, j), as the grouped conv does.
        var depthwise = g.Node("Conv", [ReflectPad(x, conv.Padding), g.Floats($"{conv.Key}.depthwise_weight", [inC, 1, k, k], weights[conv.WeightName].Data)], null,
            OnnxAttribute.Of("kernel_shape", [(long)k, k]), OnnxAttribute.Of("group", (long)inC), OnnxAttribute.Of("strides", [(long)conv.Stride, conv.Stride]));
        var sum = new float[outC * inC];
        for (var o = 0; o < outC; o++)
            for (var j = 0; j < perGroup; j++) sum[o * inC + o * perGroup + j] = 1f;
        return g.Node("Conv", [depthwise, g.Floats($"{conv.Key}.group_sum", [outC, inC, 1, 1], sum), g.Floats(conv.BiasName, [outC], weights[conv.BiasName].Data)], null,
            OnnxAttribute.Of("kernel_shape", [1L, 1L]));
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

    /// <summary>
    /// w·conv(x) + b·x as one conv (exact): weights w[o]·W[o] plus b[o] at the centre tap of
    /// W'[o,o], bias w[o]·bias[o]; computed from the signals at run time.
    /// </summary>
    private string ModulatedConv(string x, MicroAstConv conv, IReadOnlyDictionary<string, WeightTensor> weights, string w, string b)
    {
        var weight = weights[conv.WeightName];
        var channels = conv.OutChannels;
        var centre = new float[weight.Data.Length];
        var k = conv.Kernel;
        for (var o = 0; o < channels; o++) centre[((o * channels + o) * k + k / 2) * k + k / 2] = 1f;
        var perFilter = g.Int64s("filter_shape", channels, 1, 1, 1);
        var wFilters = g.Reshape(w, perFilter);
        var folded = g.Add(
            g.Mul(g.Floats(conv.WeightName, [.. weight.Shape.Select(d => (long)d)], weight.Data), wFilters),
            g.Mul(g.Floats($"{conv.Key}.centre_taps", [.. weight.Shape.Select(d => (long)d)], centre), g.Reshape(b, perFilter)));
        var bias = g.Mul(g.Floats(conv.BiasName, [channels], weights[conv.BiasName].Data), g.Reshape(w, g.Int64s("bias_shape", channels)));
        return g.Node("Conv", [ReflectPad(x, conv.Padding), folded, bias], null,
            OnnxAttribute.Of("kernel_shape", [(long)k, k]), OnnxAttribute.Of("group", 1L));
    }

    /// <summary>The content features with the given channel statistics ([1,64,1,1] each).</summary>
    public string AdaIn(string features, string targetMean, string targetStd)
    {
        var (_, std, centered) = MeanStd(features);
        return g.Add(g.Mul(g.Div(centered, std), targetStd), targetMean);
    }

    /// <summary>Per-channel mean and sqrt(unbiased variance + 1e-5) over H and W, both [1,C,1,1].</summary>
    public (string Mean, string Std, string Centered) MeanStd(string features)
    {
        var mean = GlobalAverage(features);
        var centered = g.Sub(features, mean);
        var sumOfSquares = g.ReduceSum(g.Mul(centered, centered), g.Int64s("spatial_axes", 2, 3), keepDims: true);
        var count = g.Cast(
            g.Node("ReduceProd", [g.Slice(g.Shape(features), g.Int64s("hw_start", 2), g.Int64s("hw_end", 4), g.Int64s("hw_axis", 0))],
                null, OnnxAttribute.Of("keepdims", 0L)),
            OnnxDataType.Float);
        var variance = g.Div(sumOfSquares, g.Sub(count, g.Scalar("one", 1f)));
        var std = g.Sqrt(g.Add(variance, g.Scalar("variance_eps", MicroAstArchitecture.VarianceEpsilon)));
        return (mean, std, centered);
    }

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

    private string ReflectPad(string x, int p) =>
        g.Node("Pad", [x, g.Int64s("reflect_pads", 0, 0, p, p, 0, 0, p, p)], null, OnnxAttribute.Of("mode", "reflect"));
}
