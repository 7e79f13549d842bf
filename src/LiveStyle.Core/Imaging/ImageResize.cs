using OpenCvSharp;

namespace LiveStyle.Core.Imaging;

public static class ImageResize
{
    /// <summary>Scales so the shorter side is <paramref name="shorterSide"/> pixels (0 keeps the size). Returns a new Mat.</summary>
    public static Mat ShorterSideTo(Mat image, int shorterSide)
    {
        if (shorterSide <= 0) return image.Clone();
        var scale = (double)shorterSide / Math.Min(image.Width, image.Height);
        var width = Math.Max(1, (int)Math.Round(image.Width * scale));
        var height = Math.Max(1, (int)Math.Round(image.Height * scale));
        if (image.Width < image.Height) width = shorterSide; else height = shorterSide;
        return Resize(image, width, height);
    }

    public static Mat Resize(Mat image, int width, int height)
    {
        var result = new Mat();
        // Area averaging when shrinking avoids aliasing; cubic when enlarging.
        var interpolation = width < image.Width ? InterpolationFlags.Area : InterpolationFlags.Cubic;
        Cv2.Resize(image, result, new Size(width, height), 0, 0, interpolation);
        return result;
    }

    /// <summary>The centred <paramref name="side"/>×<paramref name="side"/> square (or the largest square that fits).</summary>
    public static Mat CenterCrop(Mat image, int side)
    {
        var s = Math.Min(side, Math.Min(image.Width, image.Height));
        var roi = new Rect((image.Width - s) / 2, (image.Height - s) / 2, s, s);
        return new Mat(image, roi).Clone();
    }
}
