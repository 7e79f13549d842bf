using LiveStyle.Tests.MicroAst;

namespace LiveStyle.Tests.PersonMask;

/// <summary>
/// SINet (Dnc_SINet, p = 2, q = 8) written out loop by loop from the authors' description, in
/// double accumulation, every BatchNorm applied as such, the channel shuffle and the softmax taken
/// literally, sharing no code with the ONNX graph: what the person-mask model is checked against.
/// Slow (scalar): tests use small images.
/// </summary>
public sealed class SinetReference(Func<string, float[]> w)
{
    private static readonly (int K, int Pool)[][] Config =
    [
        [(3, 1), (5, 1)], [(3, 1), (3, 1)],
        [(3, 1), (5, 1)], [(3, 1), (3, 1)], [(5, 1), (3, 2)], [(5, 2), (3, 4)],
        [(3, 1), (3, 1)], [(5, 1), (5, 1)], [(3, 2), (3, 4)], [(3, 1), (5, 2)],
    ];

    /// <summary>BGR pixels in 0..255 as [3,H,W] → logits [2,H,W].</summary>
    public FeatureMap Logits(FeatureMap bgr)
    {
        double[] mean = [107.304565, 115.69884, 132.35703], std = [63.97182, 65.1337, 68.29726];
        var x = FeatureMap.Zeros(3, bgr.Height, bgr.Width);
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < bgr.Height; y++)
                for (var i = 0; i < bgr.Width; i++)
                    x[c, y, i] = (float)((bgr[c, y, i] - mean[c]) / std[c] / 255.0);

        var output1 = Prelu(BatchNorm(Conv(x, "encoder.level1.conv.weight", 3, 2, 1), "encoder.level1.bn"), "encoder.level1.act");
        var output2_0 = SqueezeSeparable(output1, "encoder.level2_0", 1);
        var output2 = output2_0;
        for (var i = 0; i < 2; i++) output2 = S2Module(output2, $"encoder.level2.{i}", Config[i], i > 0);
        var output3_0 = SqueezeSeparable(Prelu(BatchNorm(Cat(output2_0, output2), "encoder.BR2.bn"), "encoder.BR2.act"), "encoder.level3_0", 2);
        var output3 = output3_0;
        for (var i = 0; i < 8; i++) output3 = S2Module(output3, $"encoder.level3.{i}", Config[2 + i], i > 0);
        var cat3 = Prelu(BatchNorm(Cat(output3_0, output3), "encoder.BR3.bn"), "encoder.BR3.act");
        var encoderFinal = Conv(cat3, "encoder.classifier.conv.weight", 1, 1, 0);

        var stage1 = BatchNorm(Upsample(encoderFinal, 2), "bn_3");
        var gate = FeatureMap.Zeros(1, stage1.Height, stage1.Width);
        for (var y = 0; y < stage1.Height; y++)
            for (var i = 0; i < stage1.Width; i++)
            {
                double a = stage1[0, y, i], b = stage1[1, y, i], m = Math.Max(a, b);
                double ea = Math.Exp(a - m), eb = Math.Exp(b - m);
                gate[0, y, i] = (float)(1 - Math.Max(ea, eb) / (ea + eb));
            }
        var stage2_0 = Prelu(BatchNorm(Conv(output2, "level2_C.conv.weight", 1, 1, 0), "level2_C.bn"), "level2_C.act");
        var gated = FeatureMap.Zeros(2, stage2_0.Height, stage2_0.Width);
        for (var c = 0; c < 2; c++)
            for (var y = 0; y < gated.Height; y++)
                for (var i = 0; i < gated.Width; i++)
                    gated[c, y, i] = stage2_0[c, y, i] * gate[0, y, i] + stage1[c, y, i];
        var stage2 = BatchNorm(Upsample(gated, 2), "bn_2");
        return Conv(Upsample(stage2, 2), "classifier.1.weight", 3, 1, 1);
    }

    private FeatureMap SqueezeSeparable(FeatureMap x, string key, int divide)
    {
        var dw = Conv(x, $"{key}.conv.0.weight", 3, 2, 1, groups: x.Channels);
        var pooled = new double[dw.Channels];
        for (var c = 0; c < dw.Channels; c++)
        {
            double s = 0;
            for (var y = 0; y < dw.Height; y++)
                for (var i = 0; i < dw.Width; i++) s += dw[c, y, i];
            pooled[c] = s / (dw.Height * dw.Width);
        }
        var v = PreluVector(Linear(pooled, $"{key}.conv.1.dense.0"), $"{key}.conv.1.dense.1");
        if (divide > 1) v = PreluVector(Linear(v, $"{key}.conv.1.dense.2"), $"{key}.conv.1.dense.3");
        var scaled = FeatureMap.Zeros(dw.Channels, dw.Height, dw.Width);
        for (var c = 0; c < dw.Channels; c++)
            for (var y = 0; y < dw.Height; y++)
                for (var i = 0; i < dw.Width; i++) scaled[c, y, i] = (float)(dw[c, y, i] * v[c]);
        return Prelu(BatchNorm(Conv(scaled, $"{key}.conv.2.weight", 1, 1, 0), $"{key}.bn"), $"{key}.act");
    }

    private FeatureMap S2Module(FeatureMap x, string key, (int K, int Pool)[] config, bool residual)
    {
        var reduced = Conv(x, $"{key}.c1.conv.weight", 1, 1, 0, groups: 2);
        // channel_shuffle(groups = 2): view [2, n/2] → transpose → flatten.
        var n = reduced.Channels;
        var shuffled = FeatureMap.Zeros(n, reduced.Height, reduced.Width);
        for (var g = 0; g < 2; g++)
            for (var i = 0; i < n / 2; i++)
                Array.Copy(reduced.Data, (g * (n / 2) + i) * reduced.Height * reduced.Width, shuffled.Data, (i * 2 + g) * reduced.Height * reduced.Width, reduced.Height * reduced.Width);
        var combined = Cat(S2Block(shuffled, $"{key}.d1", config[0]), S2Block(shuffled, $"{key}.d2", config[1]));
        if (residual)
            for (var i = 0; i < combined.Data.Length; i++) combined.Data[i] += x.Data[i];
        return Prelu(BatchNorm(combined, $"{key}.BR.bn"), $"{key}.BR.act");
    }

    private FeatureMap S2Block(FeatureMap x, string key, (int K, int Pool) config)
    {
        if (config.Pool > 1) x = AvgPool(x, config.Pool);
        var y = BatchNorm(Conv(x, $"{key}.conv.0.weight", config.K, 1, config.K / 2, groups: x.Channels), $"{key}.conv.1");
        y = Conv(Prelu(y, $"{key}.act_conv1x1.0"), $"{key}.act_conv1x1.1.weight", 1, 1, 0);
        if (config.Pool > 1) y = Upsample(y, config.Pool);
        return BatchNorm(y, $"{key}.bn");
    }

    private FeatureMap Conv(FeatureMap x, string weightName, int k, int stride, int pad, int groups = 1)
    {
        var weight = w(weightName);
        var inPerGroup = x.Channels / groups;
        var outC = weight.Length / (inPerGroup * k * k);
        var outPerGroup = outC / groups;
        int outH = (x.Height + 2 * pad - k) / stride + 1, outW = (x.Width + 2 * pad - k) / stride + 1;
        var y = FeatureMap.Zeros(outC, outH, outW);
        for (var o = 0; o < outC; o++)
        {
            var g = o / outPerGroup;
            for (var oy = 0; oy < outH; oy++)
                for (var ox = 0; ox < outW; ox++)
                {
                    double s = 0;
                    for (var i = 0; i < inPerGroup; i++)
                        for (var ky = 0; ky < k; ky++)
                        {
                            var iy = oy * stride - pad + ky;
                            if (iy < 0 || iy >= x.Height) continue;
                            for (var kx = 0; kx < k; kx++)
                            {
                                var ix = ox * stride - pad + kx;
                                if (ix < 0 || ix >= x.Width) continue;
                                s += (double)weight[((o * inPerGroup + i) * k + ky) * k + kx] * x[g * inPerGroup + i, iy, ix];
                            }
                        }
                    y[o, oy, ox] = (float)s;
                }
        }
        return y;
    }

    private double[] Linear(double[] v, string key)
    {
        var weight = w($"{key}.weight");
        var bias = w($"{key}.bias");
        var result = new double[bias.Length];
        for (var o = 0; o < bias.Length; o++)
        {
            double s = bias[o];
            for (var i = 0; i < v.Length; i++) s += weight[o * v.Length + i] * v[i];
            result[o] = s;
        }
        return result;
    }

    private double[] PreluVector(double[] v, string key)
    {
        var slope = w($"{key}.weight");
        return [.. v.Select((value, c) => value >= 0 ? value : slope[c] * value)];
    }

    private FeatureMap BatchNorm(FeatureMap x, string key)
    {
        float[] gamma = w($"{key}.weight"), beta = w($"{key}.bias"), mean = w($"{key}.running_mean"), variance = w($"{key}.running_var");
        var y = FeatureMap.Zeros(x.Channels, x.Height, x.Width);
        for (var c = 0; c < x.Channels; c++)
            for (var yy = 0; yy < x.Height; yy++)
                for (var i = 0; i < x.Width; i++)
                    y[c, yy, i] = (float)((x[c, yy, i] - (double)mean[c]) / Math.Sqrt(variance[c] + 1e-3) * gamma[c] + beta[c]);
        return y;
    }

    private FeatureMap Prelu(FeatureMap x, string key)
    {
        var slope = w($"{key}.weight");
        var y = FeatureMap.Zeros(x.Channels, x.Height, x.Width);
        var plane = x.Height * x.Width;
        for (var i = 0; i < x.Data.Length; i++) y.Data[i] = x.Data[i] >= 0 ? x.Data[i] : slope[i / plane] * x.Data[i];
        return y;
    }

    private static FeatureMap AvgPool(FeatureMap x, int k)
    {
        var y = FeatureMap.Zeros(x.Channels, x.Height / k, x.Width / k);
        for (var c = 0; c < y.Channels; c++)
            for (var oy = 0; oy < y.Height; oy++)
                for (var ox = 0; ox < y.Width; ox++)
                {
                    double s = 0;
                    for (var dy = 0; dy < k; dy++)
                        for (var dx = 0; dx < k; dx++) s += x[c, oy * k + dy, ox * k + dx];
                    y[c, oy, ox] = (float)(s / (k * k));
                }
        return y;
    }

    /// <summary>Bilinear ×factor with aligned corners: output i samples input i·(n − 1)/(factor·n − 1).</summary>
    private static FeatureMap Upsample(FeatureMap x, int factor)
    {
        var y = FeatureMap.Zeros(x.Channels, x.Height * factor, x.Width * factor);
        static (int, int, double) Source(int i, int inSize, int outSize)
        {
            var position = outSize > 1 ? i * (inSize - 1) / (double)(outSize - 1) : 0;
            var low = Math.Min((int)Math.Floor(position), inSize - 1);
            var high = Math.Min(low + 1, inSize - 1);
            return (low, high, position - low);
        }
        for (var oy = 0; oy < y.Height; oy++)
        {
            var (y0, y1, fy) = Source(oy, x.Height, y.Height);
            for (var ox = 0; ox < y.Width; ox++)
            {
                var (x0, x1, fx) = Source(ox, x.Width, y.Width);
                for (var c = 0; c < x.Channels; c++)
                {
                    var top = x[c, y0, x0] * (1 - fx) + x[c, y0, x1] * fx;
                    var bottom = x[c, y1, x0] * (1 - fx) + x[c, y1, x1] * fx;
                    y[c, oy, ox] = (float)(top * (1 - fy) + bottom * fy);
                }
            }
        }
        return y;
    }

    private static FeatureMap Cat(FeatureMap a, FeatureMap b) => new(a.Channels + b.Channels, a.Height, a.Width, [.. a.Data, .. b.Data]);
}
