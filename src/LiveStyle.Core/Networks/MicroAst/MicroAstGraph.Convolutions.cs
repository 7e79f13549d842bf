using LiveStyle.Core.Onnx;
using LiveStyle.Core.Quantization;
using LiveStyle.Core.Weights;

namespace LiveStyle.Core.Networks.MicroAst;

/// <summary>The convolutions of <see cref="MicroAstGraph"/>: plain, in the exact faster forms of <see cref="MicroAstBuildOptions"/>, or int8 in QDQ form.</summary>
public sealed partial class MicroAstGraph
{
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
            OnnxAttribute.Of("kernel_shape", [(long)conv.Kernel, conv.Kernel]), OnnxAttribute.Of("strides", [(long)conv.Stride, conv.Stride]),
            OnnxAttribute.Of("group", (long)conv.Groups));
        return Dequantize(Quantize(y, output), output);
    }

    private string Quantize(string x, ActivationQuantization q) =>
        g.QuantizeLinear(x, g.Scalar("act_scale", q.Scale), g.UInt8Scalar("act_zero", q.ZeroPoint));

    private string Dequantize(string x, ActivationQuantization q) =>
        g.DequantizeLinear(x, g.Scalar("act_scale", q.Scale), g.UInt8Scalar("act_zero", q.ZeroPoint));

    private string FloatConv(string x, MicroAstConv conv, IReadOnlyDictionary<string, WeightTensor> weights)
    {
        if (options.RegroupConvs && conv.Groups > 1 && (conv.Groups < conv.InChannels || (options.RegroupStridedConvs && conv.Groups < conv.OutChannels)))
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

    private string ReflectPad(string x, int p) =>
        g.Node("Pad", [x, g.Int64s("reflect_pads", 0, 0, p, p, 0, 0, p, p)], null, OnnxAttribute.Of("mode", "reflect"));
}
