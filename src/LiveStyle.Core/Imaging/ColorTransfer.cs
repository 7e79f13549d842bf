namespace LiveStyle.Core.Imaging;

/// <summary>
/// Colour preservation as in the AdaIN paper (after Gatys et al.): a linear map that gives the
/// style image the content image's colour mean and covariance, x' = Σc^½ Σs^−½ (x − μs) + μc.
/// </summary>
public static class ColorTransfer
{
    private const double Regularization = 1e-5;

    public static PlanarImage MatchColors(PlanarImage style, PlanarImage content)
    {
        var (styleMean, styleCov) = Moments(style);
        var (contentMean, contentCov) = Moments(content);
        var transform = SymmetricMatrix3.Multiply(SymmetricMatrix3.Power(contentCov, 0.5), SymmetricMatrix3.Power(styleCov, -0.5));

        var result = new PlanarImage(style.Width, style.Height);
        var n = style.PlaneSize;
        for (var i = 0; i < n; i++)
        {
            var d0 = style.Data[i] - styleMean[0];
            var d1 = style.Data[n + i] - styleMean[1];
            var d2 = style.Data[2 * n + i] - styleMean[2];
            for (var c = 0; c < 3; c++)
            {
                var v = transform[c, 0] * d0 + transform[c, 1] * d1 + transform[c, 2] * d2 + contentMean[c];
                result.Data[c * n + i] = (float)Math.Clamp(v, 0, 1);
            }
        }
        return result;
    }

    /// <summary>Per-channel mean and the 3×3 colour covariance (plus a small ridge so it is invertible).</summary>
    public static (double[] Mean, double[,] Covariance) Moments(PlanarImage image)
    {
        var n = image.PlaneSize;
        var mean = new double[3];
        for (var c = 0; c < 3; c++)
        {
            double sum = 0;
            foreach (var v in image.Plane(c)) sum += v;
            mean[c] = sum / n;
        }
        var cov = new double[3, 3];
        for (var i = 0; i < n; i++)
        {
            var d0 = image.Data[i] - mean[0];
            var d1 = image.Data[n + i] - mean[1];
            var d2 = image.Data[2 * n + i] - mean[2];
            cov[0, 0] += d0 * d0; cov[0, 1] += d0 * d1; cov[0, 2] += d0 * d2;
            cov[1, 1] += d1 * d1; cov[1, 2] += d1 * d2; cov[2, 2] += d2 * d2;
        }
        for (var r = 0; r < 3; r++)
        {
            for (var c = r; c < 3; c++)
            {
                cov[r, c] /= n;
                cov[c, r] = cov[r, c];
            }
            cov[r, r] += Regularization;
        }
        return (mean, cov);
    }
}
