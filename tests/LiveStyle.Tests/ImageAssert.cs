using OpenCvSharp;

namespace LiveStyle.Tests;

public static class ImageAssert
{
    /// <summary>Peak signal-to-noise ratio of two same-sized 8-bit images, in dB.</summary>
    public static double Psnr(Mat a, Mat b) => Cv2.PSNR(a, b);

    /// <summary>PSNR after a Gaussian blur (σ = 1.5 px): compares structure and colour, not fine texture.</summary>
    public static double BlurredPsnr(Mat a, Mat b)
    {
        using var blurredA = new Mat();
        using var blurredB = new Mat();
        Cv2.GaussianBlur(a, blurredA, new Size(0, 0), 1.5);
        Cv2.GaussianBlur(b, blurredB, new Size(0, 0), 1.5);
        return Cv2.PSNR(blurredA, blurredB);
    }

    public static double MaxAbsDifference(Mat a, Mat b)
    {
        using var diff = new Mat();
        Cv2.Absdiff(a, b, diff);
        using var flat = diff.Reshape(1);
        flat.MinMaxLoc(out double _, out double max);
        return max;
    }

    /// <summary>Mean over pixels of |Δa| + |Δb| in CIE Lab (8-bit scale): how far apart the colours are, ignoring lightness.</summary>
    public static double MeanChromaDifference(Mat bgrA, Mat bgrB)
    {
        using var labA = new Mat();
        using var labB = new Mat();
        Cv2.CvtColor(bgrA, labA, ColorConversionCodes.BGR2Lab);
        Cv2.CvtColor(bgrB, labB, ColorConversionCodes.BGR2Lab);
        using var diff = new Mat();
        Cv2.Absdiff(labA, labB, diff);
        var mean = Cv2.Mean(diff);
        return mean.Val1 + mean.Val2;
    }
}
