using LiveStyle.Core.Imaging;
using LiveStyle.Core.Inference;
using LiveStyle.Core.Styling;

namespace LiveStyle.Core.Quantization;

/// <summary>
/// The calibration set read at the settings' sizes: the content images to calibrate on, the
/// held-out content images, and every style's statistics (the stylizer's input) and loss-encoder
/// statistics (the style loss's target).
/// </summary>
public sealed record CalibrationInputs(
    IReadOnlyList<PlanarImage> CalibrationContents,
    IReadOnlyList<StyleStatistics> CalibrationStyles,
    IReadOnlyList<(string Name, PlanarImage Image)> HeldOutContents,
    IReadOnlyList<GateStyle> Styles)
{
    public static CalibrationInputs Read(CalibrationSet set, QuantizationSettings settings, StyleEncoder styleEncoder, LossEncoder lossEncoder)
    {
        var styleImages = set.Styles.ToDictionary(p => p, p => CalibrationImages.Style(p, settings.StyleSize));
        var styles = set.Styles.Select(p => new GateStyle(Name(p), styleEncoder.Encode(styleImages[p]),
            lossEncoder.Encode(styleImages[p]).Select(f => f.Statistics()).ToArray())).ToArray();
        return new CalibrationInputs(
            set.CalibrationContents.Select(p => CalibrationImages.Content(p, settings.ContentSize)).ToArray(),
            set.CalibrationStyles.Select(p => styles[set.Styles.ToList().IndexOf(p)].Statistics).ToArray(),
            set.HeldOutContents.Select(p => (Name(p), CalibrationImages.Content(p, settings.ContentSize))).ToArray(),
            styles);
    }

    private static string Name(string path) => Path.GetFileNameWithoutExtension(path);
}
