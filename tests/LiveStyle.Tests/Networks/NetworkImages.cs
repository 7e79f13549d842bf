using LiveStyle.Core.Imaging;
using LiveStyle.Core.Networks;
using LiveStyle.Core.Styling;
using OpenCvSharp;

namespace LiveStyle.Tests.Networks;

/// <summary>Shared images and one-shot runs of a network for the network contract's tests.</summary>
internal static class NetworkImages
{
    public const string Scream = "the_scream__munch_1893.jpg";
    public const string GreatWave = "great_wave__hokusai_c1831.jpg";

    public static StyleSignals SignalsOf(IStyleNetwork network, string styleName, int size = 256)
    {
        using var bgr = Cv2.ImRead(Path.Combine(TestEnvironment.StyleImages, styleName));
        using var sized = ImageResize.ShorterSideTo(bgr, size);
        return network.EncodeStyle(ImageConversion.ToPlanar(sized));
    }

    public static Mat ContentBgr(int width, int height, string name = "cornell.jpg")
    {
        using var bgr = Cv2.ImRead(Path.Combine(TestEnvironment.ContentImages, name));
        return ImageResize.Resize(bgr, width, height);
    }

    /// <summary>Stylizes <paramref name="contentBgr"/> once (a fresh frame stylizer, as `stylize` does) and returns BGR.</summary>
    public static Mat Stylize(IStyleNetwork network, Mat contentBgr, StyleSignals signals, float strength)
    {
        using var frame = network.CreateFrameStylizer(contentBgr.Width, contentBgr.Height);
        ImageConversion.ToPlanar(contentBgr).Data.CopyTo(frame.Content.Data, 0);
        frame.Run(signals, strength);
        return ImageConversion.ToBgr(frame.Output);
    }
}
