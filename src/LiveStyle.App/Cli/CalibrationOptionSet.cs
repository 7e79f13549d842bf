using System.CommandLine;
using LiveStyle.Core.Quantization;

namespace LiveStyle.App.Cli;

/// <summary>--calibration and --calibration-styles: the int8 model's calibration set.</summary>
public sealed class CalibrationOptionSet
{
    public Option<string?> Content { get; } = CliOption.Text("calibration", "DIR",
        "content photos for the int8 model's calibration (else $LIVESTYLE_CALIBRATION, else ../shared/images/content beside the checkout)");

    public Option<string?> Styles { get; } = CliOption.Text("calibration-styles", "DIR",
        "style images for that calibration (else $LIVESTYLE_CALIBRATION_STYLES, else ../shared/images/style)");

    public IEnumerable<Option> All => [Content, Styles];

    public CalibrationOptions Read(ParseResult result) => new(result.GetValue(Content), result.GetValue(Styles));
}
