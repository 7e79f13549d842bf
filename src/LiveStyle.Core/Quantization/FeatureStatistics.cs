namespace LiveStyle.Core.Quantization;

/// <summary>Per-channel mean and standard deviation of feature maps, as pytorch-AdaIN's calc_mean_std.</summary>
public static class FeatureStatistics
{
    /// <summary>Added to the variance, as in calc_mean_std.</summary>
    public const float VarianceEpsilon = 1e-5f;

    /// <param name="features">[C, H·W] (batch 1, row-major).</param>
    /// <returns>The means and the square roots of the unbiased variances plus 1e-5.</returns>
    public static (float[] Mean, float[] Std) Compute(ReadOnlySpan<float> features, int channels)
    {
        var spatial = features.Length / channels;
        var mean = new float[channels];
        var std = new float[channels];
        for (var c = 0; c < channels; c++)
        {
            var plane = features.Slice(c * spatial, spatial);
            double sum = 0;
            foreach (var v in plane) sum += v;
            var m = sum / spatial;
            double squares = 0;
            foreach (var v in plane) squares += (v - m) * (v - m);
            mean[c] = (float)m;
            std[c] = (float)Math.Sqrt(squares / (spatial - 1) + VarianceEpsilon);
        }
        return (mean, std);
    }
}
