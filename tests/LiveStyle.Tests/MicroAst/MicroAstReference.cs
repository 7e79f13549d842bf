using LiveStyle.Core.Weights;

namespace LiveStyle.Tests.MicroAst;

/// <summary>A [C,H,W] float map.</summary>
public sealed record FeatureMap(int Channels, int Height, int Width, float[] Data)
{
    public static FeatureMap Zeros(int c, int h, int w) => new(c, h, w, new float[c * h * w]);
    public float this[int c, int y, int x] { get => Data[(c * Height + y) * Width + x]; set => Data[(c * Height + y) * Width + x] = value; }
}

/// <summary>
/// MicroAST written out loop by loop from the weights README, in double accumulation, sharing no
/// code with the ONNX graph: the independent implementation the ONNX models are checked against.
/// Slow (scalar), so tests use small images.
/// </summary>
public sealed class MicroAstReference(IReadOnlyDictionary<string, WeightTensor> content, IReadOnlyDictionary<string, WeightTensor> style,
    IReadOnlyDictionary<string, WeightTensor> modulator, IReadOnlyDictionary<string, WeightTensor> decoder)
{
    public static (FeatureMap L0, FeatureMap L1) Encode(FeatureMap image, IReadOnlyDictionary<string, WeightTensor> w)
    {
        var x = Relu(Conv(image, w, "enc1.0", 1));
        x = Relu(Conv(x, w, "enc1.2", 2));
        x = Relu(Conv(x, w, "enc1.4", 1));
        x = Relu(Conv(x, w, "enc1.6", 2));
        x = Relu(Conv(x, w, "enc1.8", 1));
        var l0 = Add(x, Conv(Relu(Conv(x, w, "enc1.10.conv1", 1)), w, "enc1.10.conv2", 1));
        var l1 = Add(l0, Conv(Relu(Conv(l0, w, "enc2.0.conv1", 1)), w, "enc2.0.conv2", 1));
        return (l0, l1);
    }

    /// <summary>mean_l0, std_l0, mean_l1, std_l1, w_l0, b_l0, w_l1, b_l1.</summary>
    public float[] Signals(FeatureMap styleImage)
    {
        var (l0, l1) = Encode(styleImage, style);
        var (m0, s0) = MeanStd(l0);
        var (m1, s1) = MeanStd(l1);
        return [.. m0, .. s0, .. m1, .. s1,
            .. MeanStd(Conv(l0, modulator, "weight1.0", 1)).Mean, .. MeanStd(Conv(l0, modulator, "bias1.0", 1)).Mean,
            .. MeanStd(Conv(l1, modulator, "weight2.0", 1)).Mean, .. MeanStd(Conv(l1, modulator, "bias2.0", 1)).Mean];
    }

    /// <summary>The stylized image, clamped to [0,1]; the content's sides must be multiples of 4.</summary>
    public FeatureMap Stylize(FeatureMap contentImage, float[] signals)
    {
        float[] Block(int i) => signals[(i * 64)..((i + 1) * 64)];
        var (_, l1) = Encode(contentImage, content);
        var x = AdaIn(l1, Block(2), Block(3));
        x = Modulated(x, "dec1", Block(6), Block(7));
        x = AdaIn(x, Block(0), Block(1));
        x = Modulated(x, "dec2", Block(4), Block(5));
        x = Relu(Conv(Upsample2(x), decoder, "dec3.1", 1));
        x = Relu(Conv(x, decoder, "dec3.3", 1));
        x = Relu(Conv(Upsample2(x), decoder, "dec3.6", 1));
        x = Relu(Conv(x, decoder, "dec3.8", 1));
        x = Conv(x, decoder, "dec3.10", 1);
        for (var i = 0; i < x.Data.Length; i++) x.Data[i] = Math.Clamp(x.Data[i], 0f, 1f);
        return x;
    }

    private FeatureMap Modulated(FeatureMap x, string key, float[] w, float[] b)
    {
        var c1 = Conv(x, decoder, $"{key}.conv1", 1);
        var y2 = FeatureMap.Zeros(x.Channels, x.Height, x.Width);
        for (var i = 0; i < y2.Data.Length; i++)
        {
            var c = i / (x.Height * x.Width);
            y2.Data[i] = Math.Max(0f, w[c] * c1.Data[i] + b[c] * x.Data[i]);
        }
        var c2 = Conv(y2, decoder, $"{key}.conv2", 1);
        var output = FeatureMap.Zeros(x.Channels, x.Height, x.Width);
        for (var i = 0; i < output.Data.Length; i++)
        {
            var c = i / (x.Height * x.Width);
            output.Data[i] = x.Data[i] + w[c] * c2.Data[i] + b[c] * y2.Data[i];
        }
        return output;
    }

    private static FeatureMap AdaIn(FeatureMap x, float[] mean, float[] std)
    {
        var (m, s) = MeanStd(x);
        var output = FeatureMap.Zeros(x.Channels, x.Height, x.Width);
        for (var i = 0; i < output.Data.Length; i++)
        {
            var c = i / (x.Height * x.Width);
            output.Data[i] = (float)((x.Data[i] - (double)m[c]) / s[c] * std[c] + mean[c]);
        }
        return output;
    }

    /// <summary>Per channel: mean, and sqrt(unbiased variance + 1e-5).</summary>
    public static (float[] Mean, float[] Std) MeanStd(FeatureMap x)
    {
        var n = x.Height * x.Width;
        var mean = new float[x.Channels];
        var std = new float[x.Channels];
        for (var c = 0; c < x.Channels; c++)
        {
            double sum = 0;
            for (var i = 0; i < n; i++) sum += x.Data[c * n + i];
            var m = sum / n;
            double squares = 0;
            for (var i = 0; i < n; i++) squares += (x.Data[c * n + i] - m) * (x.Data[c * n + i] - m);
            mean[c] = (float)m;
            std[c] = (float)Math.Sqrt(squares / (n - 1) + 1e-5);
        }
        return (mean, std);
    }

    /// <summary>Reflection padding of k/2, then a (grouped, strided) convolution with bias.</summary>
    private static FeatureMap Conv(FeatureMap x, IReadOnlyDictionary<string, WeightTensor> weights, string key, int stride)
    {
        var w = weights[$"{key}.conv_layer.weight"];
        var b = weights[$"{key}.conv_layer.bias"];
        int outC = w.Shape[0], inPerGroup = w.Shape[1], k = w.Shape[2], pad = k / 2;
        var groups = x.Channels / inPerGroup;
        var outPerGroup = outC / groups;
        var outH = (x.Height + 2 * pad - k) / stride + 1;
        var outW = (x.Width + 2 * pad - k) / stride + 1;
        var output = FeatureMap.Zeros(outC, outH, outW);
        for (var o = 0; o < outC; o++)
        {
            var firstIn = o / outPerGroup * inPerGroup;
            for (var oy = 0; oy < outH; oy++)
            {
                for (var ox = 0; ox < outW; ox++)
                {
                    double sum = b.Data[o];
                    for (var i = 0; i < inPerGroup; i++)
                    {
                        for (var ky = 0; ky < k; ky++)
                        {
                            var iy = Reflect(oy * stride + ky - pad, x.Height);
                            for (var kx = 0; kx < k; kx++)
                            {
                                var ix = Reflect(ox * stride + kx - pad, x.Width);
                                sum += (double)w.Data[((o * inPerGroup + i) * k + ky) * k + kx] * x[firstIn + i, iy, ix];
                            }
                        }
                    }
                    output[o, oy, ox] = (float)sum;
                }
            }
        }
        return output;
    }

    private static int Reflect(int i, int size) => i < 0 ? -i : i >= size ? 2 * (size - 1) - i : i;

    /// <summary>Bilinear ×2, align_corners=False: source = (dst + 0.5) / 2 − 0.5, clamped at 0; the far neighbour clamped to the edge.</summary>
    private static FeatureMap Upsample2(FeatureMap x)
    {
        var output = FeatureMap.Zeros(x.Channels, x.Height * 2, x.Width * 2);
        for (var c = 0; c < x.Channels; c++)
        {
            for (var oy = 0; oy < output.Height; oy++)
            {
                var sy = Math.Max(0.0, (oy + 0.5) / 2 - 0.5);
                var y0 = (int)sy;
                var y1 = Math.Min(y0 + 1, x.Height - 1);
                var fy = sy - y0;
                for (var ox = 0; ox < output.Width; ox++)
                {
                    var sx = Math.Max(0.0, (ox + 0.5) / 2 - 0.5);
                    var x0 = (int)sx;
                    var x1 = Math.Min(x0 + 1, x.Width - 1);
                    var fx = sx - x0;
                    output[c, oy, ox] = (float)((1 - fy) * ((1 - fx) * x[c, y0, x0] + fx * x[c, y0, x1]) + fy * ((1 - fx) * x[c, y1, x0] + fx * x[c, y1, x1]));
                }
            }
        }
        return output;
    }

    private static FeatureMap Relu(FeatureMap x)
    {
        for (var i = 0; i < x.Data.Length; i++) x.Data[i] = Math.Max(0f, x.Data[i]);
        return x;
    }

    private static FeatureMap Add(FeatureMap a, FeatureMap b)
    {
        var output = FeatureMap.Zeros(a.Channels, a.Height, a.Width);
        for (var i = 0; i < output.Data.Length; i++) output.Data[i] = a.Data[i] + b.Data[i];
        return output;
    }
}
