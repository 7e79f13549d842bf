using System.CommandLine;
using LiveStyle.Core.Inference;
using LiveStyle.Core.Networks;
using LiveStyle.Core.Temporal;

namespace LiveStyle.App.Cli;

/// <summary>The options several commands take, defined once (each call makes a new option for one command).</summary>
public static class SharedOptions
{
    public static readonly string[] NetworkNames = ["adain", "fast"];

    public static Option<ExecutionDevice> Device() =>
        CliOption.Value("device", "D", "auto, cpu, dml or dml:N (auto: DirectML on Windows, else the CPU)", ExecutionDevice.Parse,
            () => ExecutionDevice.Auto, "auto", "cpu", "dml");

    public static Option<Precision> Precision() =>
        CliOption.Value("precision", "P", "auto, fp32 or int8, for either network (auto: int8 on the CPU, fp32 on DirectML)",
            PrecisionChoice.Parse, () => Core.Inference.Precision.Auto, "auto", "fp32", "int8");

    public static Option<float> Alpha() => CliOption.Float("alpha", "A", "style strength from 0 (content only) to 1", 1f, 0f, 1f);

    public static Option<TemporalMode> Temporal(string description) =>
        CliOption.Value("temporal", "on|off", description, TemporalModes.Parse, () => TemporalMode.On, "on", "off");

    public static Option<bool> PreserveColor(string description) => CliOption.Flag("preserve-color", description);

    public static Option<string?> Weights() =>
        CliOption.Text("weights", "DIR", "folder of the weights: AdaIN's two files and/or the microast folder (else $LIVESTYLE_WEIGHTS, else models/weights, else the " +
            "user data folder where `livestyle weights` puts them)");

    /// <summary>--network with <paramref name="defaultValue"/>; null: the command decides (the live view by device).</summary>
    public static Option<StyleNetworkKind?> Network(string description, StyleNetworkKind? defaultValue = null) =>
        CliOption.Value<StyleNetworkKind?>("network", "N", description, text => StyleNetworkChoice.Parse(text),
            defaultValue is null ? null : () => defaultValue, NetworkNames);
}
