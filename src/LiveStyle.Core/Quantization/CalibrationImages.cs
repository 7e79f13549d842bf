using LiveStyle.Core.Imaging;
using OpenCvSharp;

namespace LiveStyle.Core.Quantization;

/// <summary>Reads calibration images at the sizes the calibration and the quality gate use.</summary>
public static class CalibrationImages
{
    /// <summary>A content photo scaled to the shorter side, centre-cropped to multiples of 8 (so no padding is involved).</summary>
    public static PlanarImage Content(string path, int shorterSide)
    {
        using var bgr = ImageFile.ReadBgr(path, "calibration image");
        using var sized = ImageResize.ShorterSideTo(bgr, shorterSide);
        var width = sized.Width / 8 * 8;
        var height = sized.Height / 8 * 8;
        if (width < 16 || height < 16)
            throw new LiveStyleException($"calibration image {path} is too small at {shorterSide} px");
        using var cropped = new Mat(sized, new Rect((sized.Width - width) / 2, (sized.Height - height) / 2, width, height));
        return ImageConversion.ToPlanar(cropped);
    }

    /// <summary>A style image scaled to the shorter side.</summary>
    public static PlanarImage Style(string path, int shorterSide)
    {
        using var bgr = ImageFile.ReadBgr(path, "calibration style image");
        using var sized = ImageResize.ShorterSideTo(bgr, shorterSide);
        return ImageConversion.ToPlanar(sized);
    }
}
