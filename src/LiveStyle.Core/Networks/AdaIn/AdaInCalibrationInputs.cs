using LiveStyle.Core.Imaging;
using LiveStyle.Core.Inference;
using LiveStyle.Core.Styling;

using LiveStyle.Core.Quantization;

namespace LiveStyle.Core.Networks.AdaIn;

/// <summary>
/// The calibration set read at the settings' sizes: the content images to calibrate on, the
/// held-out content images, and every style's statistics (the stylizer's input) and loss-encoder
/// statistics (the style loss's target).
/// </summary>
public sealed record AdaInCalibrationInputs(
    IReadOnlyList<PlanarImage> CalibrationContents,
    IReadOnlyList<StyleStatistics> CalibrationStyles,
    IReadOnlyList<(string Name, PlanarImage Image)> HeldOutContents,
    IReadOnlyList<GateStyle> Styles)
{
    public static AdaInCalibrationInputs Read(CalibrationSet set, QuantizationSettings settings, AdaInStyleEncoder styleEncoder, LossEncoder lossEncoder)
    {
        var styles = set.Styles.ToDictionary(p => p, p =>
        {
            var image = CalibrationImages.Style(p, settings.StyleSize);
            return new GateStyle(Name(p), styleEncoder.Encode(image), lossEncoder.Encode(image).Select(f => f.Statistics()).ToArray());
        });
        return new AdaInCalibrationInputs(
            set.CalibrationContents.Select(p => CalibrationImages.Content(p, settings.ContentSize)).ToArray(),
            set.CalibrationStyles.Select(p => styles[p].Statistics).ToArray(),
            set.HeldOutContents.Select(p => (Name(p), CalibrationImages.Content(p, settings.ContentSize))).ToArray(),
            set.Styles.Select(p => styles[p]).ToArray());
    }

    private static string Name(string path) => Path.GetFileNameWithoutExtension(path);
}
