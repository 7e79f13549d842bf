using LiveStyle.Core.Onnx;

namespace LiveStyle.Core.Networks.PersonMask;

/// <summary>
/// SINet as an ONNX graph with the authors' semantics: zero padding of kernel/2, PReLU per channel,
/// S2 modules (grouped 1×1 conv, channel shuffle of 2 groups, two depthwise branches at 1 or 1/pool
/// of the size, bilinear upsampling with aligned corners), squeeze blocks without a sigmoid, and
/// the information-blocking decoder (the coarse prediction's uncertainty 1 − max softmax gates the
/// finer features). Every BatchNorm is folded at build time into the conv before it, also across a
/// bilinear upsampling (which keeps constants and commutes with a per-channel affine map); the ones
/// after a residual sum or concatenation become one Mul and one Add. The channel shuffle is folded
/// into the 1×1 conv's rows, the input normalisation into the first conv (its scale; the offset is one Add).
/// </summary>
public sealed class SinetGraph(GraphBuilder g, SinetWeights w, bool preluAsRelus = true)
{
    /// <summary>
    /// Image [1,3,H,W], RGB in [0,1], H and W multiples of 32 → the decoder's two class logits at
    /// half the input's size [1,2,H/2,W/2], before its last bilinear upsampling and 3×3 classifier.
    /// That last step runs at the full input size on two channels; ONNX Runtime pads it to its 16-channel
    /// blocks (16× the work, a third of the model's time), so it runs in C# instead (<see cref="SinetHead"/>).
    /// </summary>
    public string CoarseLogits(string image)
    {
        // (255·x − mean)/std/255 per BGR channel = (x − mean/255)·(1/std): the offset as an Add, the scale in the first conv.
        var offset = new float[3];
        for (var c = 0; c < 3; c++) offset[c] = -SinetArchitecture.MeanBgr[2 - c] / 255f;
        var x = g.Add(image, g.Floats("input_offset", [1, 3, 1, 1], offset));

        var stemWeight = (float[])w["encoder.level1.conv.weight"].Clone();
        var rgbWeight = new float[stemWeight.Length];
        for (var o = 0; o < SinetArchitecture.Stem; o++)
        for (var c = 0; c < 3; c++)
        for (var t = 0; t < 9; t++)
            rgbWeight[(o * 3 + c) * 9 + t] = stemWeight[(o * 3 + (2 - c)) * 9 + t] / SinetArchitecture.StdBgr[2 - c];
        var output1 = Prelu(FoldedConv(x, "encoder.level1", rgbWeight, [SinetArchitecture.Stem, 3, 3, 3], "encoder.level1.bn", stride: 2), "encoder.level1.act");

        var output2_0 = SqueezeSeparable("encoder.level2_0", output1, divide: 1);
        var output2 = output2_0;
        foreach (var m in SinetArchitecture.Level2Modules) output2 = Module(output2, m);
        var level3In = Prelu(BatchNorm(g.Concat(1, output2_0, output2), "encoder.BR2.bn"), "encoder.BR2.act");

        var output3_0 = SqueezeSeparable("encoder.level3_0", level3In, divide: 2);
        var output3 = output3_0;
        foreach (var m in SinetArchitecture.Level3Modules) output3 = Module(output3, m);
        var features3 = Prelu(BatchNorm(g.Concat(1, output3_0, output3), "encoder.BR3.bn"), "encoder.BR3.act");

        // bn_3 after the upsampling, folded into the classifier before it.
        var stage1 = Upsample(FoldedConv(features3, "encoder.classifier", w["encoder.classifier.conv.weight"],
            [SinetArchitecture.Classes, SinetArchitecture.Level2 + SinetArchitecture.Level3, 1, 1], "bn_3"), 2);
        // Two classes: max softmax = sigmoid(|l1 − l0|), so the gate 1 − max is sigmoid(−|l1 − l0|).
        var gate = g.Node("Sigmoid", [g.Node("Neg", [g.Node("Abs", [Difference(stage1)])])]);
        var stage2_0 = Prelu(FoldedConv(output2, "level2_C", w["level2_C.conv.weight"], [SinetArchitecture.Classes, SinetArchitecture.Level2, 1, 1], "level2_C.bn"), "level2_C.act");
        return Upsample(BatchNorm(g.Add(g.Mul(stage2_0, gate), stage1), "bn_2"), 2);
    }

    /// <summary>
    /// The last 3×3 classifier (no bias) as one kernel [2 channels, 3, 3] giving the person's logit
    /// minus the background's directly (its two filters subtracted): <see cref="SinetHead"/> applies it.
    /// </summary>
    public static float[] HeadKernel(SinetWeights weights)
    {
        var classifier = weights["classifier.1.weight"];
        var difference = new float[2 * 9];
        for (var i = 0; i < difference.Length; i++) difference[i] = classifier[2 * 9 + i] - classifier[i];
        return difference;
    }

    /// <summary>l1 − l0 as a 1×1 conv: [1,2,H,W] → [1,1,H,W].</summary>
    private string Difference(string logits) =>
        g.Node("Conv", [logits, g.Floats("class_difference", [1, 2, 1, 1], [-1f, 1f])], null, OnnxAttribute.Of("kernel_shape", [1L, 1L]));

    /// <summary>
    /// Depthwise 3×3 stride 2, a squeeze block (global mean → linear → PReLU [→ linear → PReLU],
    /// multiplying the channels, no sigmoid), 1×1 conv with its BatchNorm folded, PReLU.
    /// </summary>
    private string SqueezeSeparable(string key, string x, int divide)
    {
        var weight = w[$"{key}.conv.0.weight"];
        var channels = weight.Length / 9;
        var depthwise = g.Node("Conv", [x, g.Floats($"{key}.depthwise", [channels, 1, 3, 3], weight)], null,
            OnnxAttribute.Of("kernel_shape", [3L, 3L]), OnnxAttribute.Of("strides", [2L, 2L]), OnnxAttribute.Of("pads", [1L, 1L, 1L, 1L]),
            OnnxAttribute.Of("group", (long)channels));
        var s = g.Node("GlobalAveragePool", [depthwise]);
        s = Prelu(Linear(s, $"{key}.conv.1.dense.0"), $"{key}.conv.1.dense.1", vector: true);
        if (divide > 1) s = Prelu(Linear(s, $"{key}.conv.1.dense.2"), $"{key}.conv.1.dense.3", vector: true);
        var scaled = g.Mul(depthwise, s);
        var pointwise = w[$"{key}.conv.2.weight"];
        return Prelu(FoldedConv(scaled, key, pointwise, [pointwise.Length / channels, channels, 1, 1], $"{key}.bn"), $"{key}.act");
    }

    /// <summary>A linear layer on [1,C,1,1] as a 1×1 conv.</summary>
    private string Linear(string x, string key)
    {
        var bias = w[$"{key}.bias"];
        var weight = w[$"{key}.weight"];
        return g.Node("Conv", [x, g.Floats(key, [bias.Length, weight.Length / bias.Length, 1, 1], weight), g.Floats($"{key}.bias", [bias.Length], bias)], null,
            OnnxAttribute.Of("kernel_shape", [1L, 1L]));
    }

    /// <summary>
    /// An S2 module: grouped 1×1 conv and channel shuffle (one dense 1×1 conv with shuffled rows),
    /// both branches on the whole result, concatenated, plus the input when residual, then BatchNorm
    /// (folded into the branches' last convs; its scale on the residual as a Mul) and PReLU.
    /// </summary>
    private string Module(string x, S2Module m)
    {
        int n = m.Reduced, inC = m.InChannels, perGroupIn = inC / 2, perGroupOut = n / 2;
        var c1 = w[$"{m.Key}.c1.conv.weight"];
        var shuffled = new float[n * inC];
        for (var j = 0; j < n; j++)
        {
            // Shuffled channel j = i·2 + g is the grouped conv's output g·(n/2) + i, which reads input group g.
            int group = j % 2, row = group * perGroupOut + j / 2;
            for (var i = 0; i < perGroupIn; i++) shuffled[j * inC + group * perGroupIn + i] = c1[row * perGroupIn + i];
        }
        var reduced = g.Node("Conv", [x, g.Floats($"{m.Key}.c1", [n, inC, 1, 1], shuffled)], null, OnnxAttribute.Of("kernel_shape", [1L, 1L]));

        var (scale, shift) = Fold($"{m.Key}.BR.bn");
        var first = Branch(reduced, $"{m.Key}.d1", m.First, n, scale.AsSpan(0, n), shift.AsSpan(0, n));
        var second = Branch(reduced, $"{m.Key}.d2", m.Second, n, scale.AsSpan(n, n), shift.AsSpan(n, n));
        var sum = g.Concat(1, first, second);
        if (m.Residual) sum = g.Add(sum, g.Mul(x, g.Floats($"{m.Key}.BR.scale", [1, m.OutChannels, 1, 1], scale)));
        return Prelu(sum, $"{m.Key}.BR.act");
    }

    /// <summary>
    /// [avg pool] → depthwise k×k with its BatchNorm → PReLU → 1×1 conv with its BatchNorm and then
    /// the module's (<paramref name="outScale"/>, <paramref name="outShift"/>) → [bilinear ×pool, aligned corners].
    /// </summary>
    private string Branch(string x, string key, S2Branch branch, int n, ReadOnlySpan<float> outScale, ReadOnlySpan<float> outShift)
    {
        if (branch.Pool > 1)
            x = g.Node("AveragePool", [x], null, OnnxAttribute.Of("kernel_shape", [(long)branch.Pool, branch.Pool]),
                OnnxAttribute.Of("strides", [(long)branch.Pool, branch.Pool]));
        var k = branch.Kernel;
        var p = (long)(k / 2);
        var (dwScale, dwShift) = Fold($"{key}.conv.1");
        var dw = Scaled(w[$"{key}.conv.0.weight"], dwScale);
        x = g.Node("Conv", [x, g.Floats($"{key}.depthwise", [n, 1, k, k], dw), g.Floats($"{key}.depthwise_bias", [n], dwShift)], null,
            OnnxAttribute.Of("kernel_shape", [(long)k, k]), OnnxAttribute.Of("pads", [p, p, p, p]), OnnxAttribute.Of("group", (long)n));
        x = Prelu(x, $"{key}.act_conv1x1.0");
        var (bnScale, bnShift) = Fold($"{key}.bn");
        var scale = new float[n];
        var shift = new float[n];
        for (var c = 0; c < n; c++)
        {
            scale[c] = bnScale[c] * outScale[c];
            shift[c] = bnShift[c] * outScale[c] + outShift[c];
        }
        x = g.Node("Conv", [x, g.Floats($"{key}.pointwise", [n, n, 1, 1], Scaled(w[$"{key}.act_conv1x1.1.weight"], scale)), g.Floats($"{key}.pointwise_bias", [n], shift)], null,
            OnnxAttribute.Of("kernel_shape", [1L, 1L]));
        return branch.Pool > 1 ? Upsample(x, branch.Pool) : x;
    }

    /// <summary>A conv without bias followed by a BatchNorm, as one conv with bias (zero padding of kernel/2).</summary>
    private string FoldedConv(string x, string key, float[] weight, int[] shape, string batchNorm, int stride = 1)
    {
        var (scale, shift) = Fold(batchNorm);
        var k = shape[2];
        var p = (long)(k / 2);
        return g.Node("Conv", [x, g.Floats($"{key}.weight", [.. shape.Select(d => (long)d)], Scaled(weight, scale)), g.Floats($"{key}.bias", [shape[0]], shift)], null,
            OnnxAttribute.Of("kernel_shape", [(long)k, k]), OnnxAttribute.Of("strides", [(long)stride, stride]), OnnxAttribute.Of("pads", [p, p, p, p]));
    }

    private string BatchNorm(string x, string key)
    {
        var (scale, shift) = Fold(key);
        var c = scale.Length;
        return g.Add(g.Mul(x, g.Floats($"{key}.scale", [1, c, 1, 1], scale)), g.Floats($"{key}.shift", [1, c, 1, 1], shift));
    }

    private string Prelu(string x, string key, bool vector = false)
    {
        var slope = w[$"{key}.weight"];
        if (!preluAsRelus || vector) return g.Node("PRelu", [x, g.Floats(key, [slope.Length, 1, 1], slope)]);
        // relu(x) − a·relu(−x), in ops ONNX Runtime runs in its blocked layout (BatchNormalization becomes a 1×1 depthwise conv there).
        var c = slope.Length;
        var negated = g.Relu(ChannelScale(x, $"{key}.negate", Enumerable.Repeat(-1f, c).ToArray()));
        return g.Add(g.Relu(x), ChannelScale(negated, $"{key}.slope", [.. slope.Select(a => -a)]));
    }

    private string ChannelScale(string x, string key, float[] scale)
    {
        var c = scale.Length;
        return g.Node("BatchNormalization", [x, g.Floats($"{key}.scale", [c], scale), g.Floats($"{key}.bias", [c], new float[c]),
            g.Floats($"{key}.mean", [c], new float[c]), g.Floats($"{key}.var", [c], Enumerable.Repeat(1f - 1e-5f, c).ToArray())], null,
            OnnxAttribute.Of("epsilon", 1e-5f));
    }

    /// <summary>Bilinear upsampling by an integer factor with aligned corners (PyTorch's UpsamplingBilinear2d).</summary>
    private string Upsample(string x, int factor) =>
        g.Node("Resize", [x, "", g.Floats("upsample_scales", [4], [1f, 1f, factor, factor])], null,
            OnnxAttribute.Of("mode", "linear"), OnnxAttribute.Of("coordinate_transformation_mode", "align_corners"));

    /// <summary>BatchNorm (eps 1e-3) as y = scale·x + shift.</summary>
    private (float[] Scale, float[] Shift) Fold(string key)
    {
        var gamma = w[$"{key}.weight"];
        var beta = w[$"{key}.bias"];
        var mean = w[$"{key}.running_mean"];
        var variance = w[$"{key}.running_var"];
        var scale = new float[gamma.Length];
        var shift = new float[gamma.Length];
        for (var c = 0; c < gamma.Length; c++)
        {
            var s = gamma[c] / Math.Sqrt(variance[c] + SinetArchitecture.BatchNormEpsilon);
            scale[c] = (float)s;
            shift[c] = (float)(beta[c] - mean[c] * s);
        }
        return (scale, shift);
    }

    /// <summary>Each output channel's weights (the first dimension) times its scale.</summary>
    private static float[] Scaled(float[] weight, ReadOnlySpan<float> scale)
    {
        var result = new float[weight.Length];
        var perChannel = weight.Length / scale.Length;
        for (var i = 0; i < weight.Length; i++) result[i] = weight[i] * scale[i / perChannel];
        return result;
    }
}
