using LiveStyle.Core.Imaging;
using LiveStyle.Core.Networks;
using OpenCvSharp;

namespace LiveStyle.Core.Styling;

/// <summary>
/// Stylizes still images on either network: style images become style signals (optionally
/// recoloured to a content image first), content images are stylized with them. Sizes follow pytorch-AdaIN's test script:
/// the shorter side is scaled to the requested size (0 keeps it), optionally centre-cropped.
/// </summary>
public sealed class ImageStylizer(IStyleNetwork network)
{
    public StyleSignals EncodeStyle(Mat styleBgr, int styleSize, bool crop, PlanarImage? preserveColorsOf = null)
    {
        using var sized = Prepare(styleBgr, styleSize, crop);
        var style = ImageConversion.ToPlanar(sized);
        if (preserveColorsOf is not null) style = ColorTransfer.MatchColors(style, preserveColorsOf);
        return network.EncodeStyle(style);
    }

    /// <summary>The content image as the network will see it (resized, cropped, planar).</summary>
    public static PlanarImage PrepareContent(Mat contentBgr, int contentSize, bool crop)
    {
        using var sized = Prepare(contentBgr, contentSize, crop);
        return ImageConversion.ToPlanar(sized);
    }

    public Mat Stylize(PlanarImage content, StyleSignals style, float alpha)
    {
        using var buffers = network.CreateFrameStylizer(content.Width, content.Height);
        content.Data.CopyTo(buffers.Content.Data, 0);
        buffers.Run(style, alpha);
        return ImageConversion.ToBgr(buffers.Output);
    }

    private static Mat Prepare(Mat image, int size, bool crop)
    {
        var resized = ImageResize.ShorterSideTo(image, size);
        if (!crop) return resized;
        using (resized) return ImageResize.CenterCrop(resized, Math.Min(resized.Width, resized.Height));
    }
}
