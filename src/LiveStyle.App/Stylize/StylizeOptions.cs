using LiveStyle.App.Cli;
using LiveStyle.Core.Inference;
using LiveStyle.Core.Networks;
using LiveStyle.Core.Quantization;
using LiveStyle.Core.Temporal;

namespace LiveStyle.App.Stylize;

/// <summary>The options of `livestyle stylize`, parsed and range-checked.</summary>
public sealed record StylizeOptions(
    string Content,
    IReadOnlyList<string> Styles,
    IReadOnlyList<float>? StyleWeights,
    float Alpha,
    int ContentSize,
    int StyleSize,
    bool Crop,
    bool PreserveColor,
    ExecutionDevice Device,
    Precision Precision,
    StyleNetworkKind Network,
    CalibrationOptions Calibration,
    string? Weights,
    string Out,
    TemporalMode Temporal)
{
    public const string Help = """
        usage: livestyle stylize --content FILE|DIR --style FILE|DIR[,FILE…] --out FILE|DIR [options]
               livestyle stylize --content VIDEO --style FILE --out VIDEO [options]

        Stylizes still images with AdaIN (like the original release's test script) or the fast
        network, or every frame of a video file (same frame count, frame rate and size; stylized
        at --content-size).
          --content FILE|DIR      content image, or a folder of them
          --style FILE[,FILE…]    style image(s) or folder(s); each content is stylized with each style
          --style-weights w1,…    mix all the styles into one, with these weights (one per style)
          --alpha A               style strength from 0 (content only) to 1 (default 1)
          --content-size N        scale content so its shorter side is N pixels (default 512, 0 = keep)
          --style-size N          the same for style images (default 512, 0 = keep)
          --crop                  centre-crop content and style to squares
          --preserve-color        keep the content's colours (recolour the style image first)
          --device D              auto, cpu, dml or dml:N (default auto)
          --network N             adain or fast (default adain)
          --precision P           auto, fp32 or int8 (default auto: int8 on the CPU, fp32 on DirectML)
          --calibration DIR       content photos the int8 model is calibrated on (else $LIVESTYLE_CALIBRATION,
                                  else ../shared/images/content beside the checkout)
          --calibration-styles DIR  style images for that calibration (else $LIVESTYLE_CALIBRATION_STYLES,
                                  else ../shared/images/style)
          --weights DIR           folder of the AdaIN weights (else $LIVESTYLE_WEIGHTS, else models/weights, else the
                                  user data folder where `livestyle weights` puts them)
          --out FILE|DIR          output image (one result) or folder (several results)
          --temporal on|off       videos: stabilize the frames over time, no shimmer (default on; off: each frame alone)
        """;

    private static readonly HashSet<string> ValueOptions =
        ["content", "style", "style-weights", "alpha", "content-size", "style-size", "device", "precision", "network", "calibration", "calibration-styles",
         "weights", "out", "temporal"];
    private static readonly HashSet<string> FlagOptions = ["crop", "preserve-color"];

    public static ExecutionDevice ParseDevice(string text)
    {
        try { return ExecutionDevice.Parse(text); }
        catch (LiveStyle.Core.LiveStyleException e) { throw new UsageException(e.Message); }
    }

    public static TemporalMode ParseTemporal(string text)
    {
        try { return TemporalModes.Parse(text); }
        catch (LiveStyle.Core.LiveStyleException e) { throw new UsageException(e.Message); }
    }

    public static Precision ParsePrecision(string text)
    {
        try { return PrecisionChoice.Parse(text); }
        catch (LiveStyle.Core.LiveStyleException e) { throw new UsageException(e.Message); }
    }

    public static StylizeOptions Parse(IReadOnlyList<string> args)
    {
        var o = new OptionReader("stylize", args, ValueOptions, FlagOptions);
        var content = o.Required("content");
        var styles = o.List("style") ?? throw new UsageException("'stylize' needs --style (see livestyle stylize --help)");
        var weights = o.FloatList("style-weights");
        if (weights is not null && weights.Count != styles.Count)
            throw new UsageException($"--style-weights has {weights.Count} values for {styles.Count} styles: give one weight per --style entry");
        if (weights is not null && weights.Sum() <= 0)
            throw new UsageException("--style-weights must not all be zero");
        return new StylizeOptions(
            content,
            styles,
            weights,
            o.Float("alpha", 1f, 0f, 1f),
            o.Int("content-size", 512, 0, 8192),
            o.Int("style-size", 512, 0, 8192),
            o.Flag("crop"),
            o.Flag("preserve-color"),
            ParseDevice(o.String("device") ?? "auto"),
            ParsePrecision(o.String("precision") ?? "auto"),
            LiveStyle.App.Live.LiveOptions.ParseNetwork(o.String("network") ?? "adain"),
            new CalibrationOptions(o.String("calibration"), o.String("calibration-styles")),
            o.String("weights"),
            o.Required("out"),
            ParseTemporal(o.String("temporal") ?? "on"));
    }
}
