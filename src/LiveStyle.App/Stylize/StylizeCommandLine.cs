using System.CommandLine;
using LiveStyle.App.Cli;
using LiveStyle.Core.Networks;
using LiveStyle.Core.Networks.PersonMask;

namespace LiveStyle.App.Stylize;

/// <summary>`livestyle stylize`: its options, each defined once, and how a parse of them becomes <see cref="StylizeOptions"/>.</summary>
public sealed class StylizeCommandLine
{
    public const string Description = """
        Stylizes still images with AdaIN (like the original release's test script) or the fast network, or every frame of a
        video file (same frame count, frame rate and size; stylized at --content-size).
          livestyle stylize --content FILE|DIR --style FILE|DIR[,FILE…] --out FILE|DIR [options]
          livestyle stylize --content VIDEO --style FILE --out VIDEO [options]
        """;

    private readonly Option<string?> _content = CliOption.Text("content", "FILE|DIR", "content image, or a folder of them (required)");
    private readonly Option<IReadOnlyList<string>?> _style = CliOption.Value<IReadOnlyList<string>?>("style", "FILE[,FILE…]",
        "style image(s) or folder(s); each content is stylized with each style (required)", text => ValueParsers.List("style", text));
    private readonly Option<IReadOnlyList<float>?> _styleWeights = CliOption.Value<IReadOnlyList<float>?>("style-weights", "w1,…",
        "mix all the styles into one, with these weights (one per style)", text => ValueParsers.FloatList("style-weights", text));
    private readonly Option<float> _alpha = SharedOptions.Alpha();
    private readonly Option<int> _contentSize = CliOption.Int("content-size", "N", "scale content so its shorter side is N pixels (0 = keep)", 512, 0, 8192);
    private readonly Option<int> _styleSize = CliOption.Int("style-size", "N", "the same for style images (0 = keep)", 512, 0, 8192);
    private readonly Option<bool> _crop = CliOption.Flag("crop", "centre-crop content and style to squares");
    private readonly Option<bool> _preserveColor = SharedOptions.PreserveColor("keep the content's colours (recolour the style image first)");
    private readonly Option<Core.Inference.ExecutionDevice> _device = SharedOptions.Device();
    private readonly Option<StyleNetworkKind?> _network = SharedOptions.Network("adain or fast", StyleNetworkKind.AdaIn);
    private readonly Option<Core.Inference.Precision> _precision = SharedOptions.Precision();
    private readonly CalibrationOptionSet _calibration = new();
    private readonly Option<string?> _weights = SharedOptions.Weights();
    private readonly Option<string?> _out = CliOption.Text("out", "FILE|DIR", "output image (one result) or folder (several results) (required)");
    private readonly Option<Core.Temporal.TemporalMode> _temporal =
        SharedOptions.Temporal("videos: stabilize the frames over time, no shimmer (off: each frame alone)");

    private readonly Option<StylizedRegions> _regions = CliOption.Value("regions", "all|background|person",
        "which regions are stylized; the others keep the content (needs the SINet weights, sinet/SINet.pth in the weights folder)",
        RegionComposer.Parse, () => StylizedRegions.All);
    private readonly Option<string?> _personStyle = CliOption.Text("person-style", "FILE", "stylize the person with this style and the room with --style");
    private readonly Option<string?> _maskOut = CliOption.Text("mask-out", "FILE",
        "also write the person mask as an 8-bit PNG (255 = person) at the output's size (one content image; for a video, the mask as a video)");

    /// <summary>Every option, in the order the help lists them.</summary>
    public IReadOnlyList<Option> All =>
        [_content, _style, _styleWeights, _alpha, _contentSize, _styleSize, _crop, _preserveColor, _device, _network, _precision,
         .. _calibration.All, _weights, _out, _temporal, _regions, _personStyle, _maskOut];

    public Command CreateCommand()
    {
        var command = new Command("stylize", Description);
        foreach (var option in All) command.Options.Add(option);
        command.SetAction(result =>
        {
            var options = Read(result);
            var errors = result.InvocationConfiguration.Error;
            return VideoStylizeCommand.IsVideo(options.Content) ? VideoStylizeCommand.Run(options, errors) : StylizeCommand.Run(options, errors);
        });
        return command;
    }

    private StylizeOptions Read(ParseResult result)
    {
        var content = CliOption.Required(result, _content);
        var styles = CliOption.Required(result, _style);
        var weights = result.GetValue(_styleWeights);
        if (weights is not null && weights.Count != styles.Count)
            throw new UsageException($"--style-weights has {weights.Count} values for {styles.Count} styles: give one weight per --style entry");
        if (weights is not null && weights.Sum() <= 0)
            throw new UsageException("--style-weights must not all be zero");
        var regions = result.GetValue(_regions);
        var personStyle = result.GetValue(_personStyle);
        if (personStyle is not null && regions != StylizedRegions.All)
            throw new UsageException($"--person-style stylizes both regions (the person with it, the room with --style): leave out --regions {regions.Name()}");
        var maskOut = result.GetValue(_maskOut);
        if (maskOut is not null && !string.Equals(Path.GetExtension(maskOut), ".png", StringComparison.OrdinalIgnoreCase) && !VideoStylizeCommand.IsVideo(maskOut))
            throw new UsageException($"--mask-out {maskOut}: the mask is written as an 8-bit PNG (a video file for a video)");
        return new StylizeOptions(
            content,
            styles,
            weights,
            result.GetValue(_alpha),
            result.GetValue(_contentSize),
            result.GetValue(_styleSize),
            result.GetValue(_crop),
            result.GetValue(_preserveColor),
            result.GetValue(_device),
            result.GetValue(_precision),
            result.GetValue(_network)!.Value,
            _calibration.Read(result),
            result.GetValue(_weights),
            CliOption.Required(result, _out),
            result.GetValue(_temporal),
            regions,
            personStyle,
            maskOut);
    }
}
