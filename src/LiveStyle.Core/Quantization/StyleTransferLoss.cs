namespace LiveStyle.Core.Quantization;

/// <summary>
/// The AdaIN paper's losses, as pytorch-AdaIN computes them (mean squared errors):
/// content loss = MSE(relu4_1 of the output, the AdaIN target t);
/// style loss = Σ over relu1_1…relu4_1 of MSE(channel means) + MSE(channel standard deviations)
/// between the output and the style image.
/// </summary>
public static class StyleTransferLoss
{
    /// <summary>t = σ(s)·(f(c) − μ(c))/σ(c) + μ(s), at α = 1: what the decoder is asked to reproduce.</summary>
    public static float[] AdaInTarget(LayerFeatures contentRelu41, (float[] Mean, float[] Std) style)
    {
        var (mean, std) = contentRelu41.Statistics();
        var spatial = contentRelu41.Data.Length / contentRelu41.Channels;
        var target = new float[contentRelu41.Data.Length];
        for (var c = 0; c < contentRelu41.Channels; c++)
        {
            for (var i = 0; i < spatial; i++)
            {
                var k = c * spatial + i;
                target[k] = style.Std[c] * (contentRelu41.Data[k] - mean[c]) / std[c] + style.Mean[c];
            }
        }
        return target;
    }

    public static double Content(LayerFeatures outputRelu41, float[] target) => MeanSquaredError(outputRelu41.Data, target);

    public static double Style(IReadOnlyList<LayerFeatures> output, IReadOnlyList<(float[] Mean, float[] Std)> style)
    {
        double loss = 0;
        for (var layer = 0; layer < output.Count; layer++)
        {
            var (mean, std) = output[layer].Statistics();
            loss += MeanSquaredError(mean, style[layer].Mean) + MeanSquaredError(std, style[layer].Std);
        }
        return loss;
    }

    public static double MeanSquaredError(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"length mismatch: {a.Length} vs {b.Length}");
        double sum = 0;
        for (var i = 0; i < a.Length; i++) sum += (double)(a[i] - b[i]) * (a[i] - b[i]);
        return sum / a.Length;
    }

    /// <summary>PSNR in dB of two images in [0,1]; infinite when identical.</summary>
    public static double Psnr(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var mse = MeanSquaredError(a, b);
        return mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(1 / mse);
    }
}
