namespace LiveStyle.Core.Models;

/// <summary>The input and output names the built models share.</summary>
public static class ModelNames
{
    public const string Content = "content";
    public const string StyleMean = "style_mean";
    public const string StyleStd = "style_std";
    public const string Alpha = "alpha";
    public const string Image = "image";
    public const string Mean = "mean";
    public const string Std = "std";
    public const string Features = "features";
    public const string Signals = "signals";
    /// <summary>The fast stylizer's core (built with CpuEnds): its input from the CPU head and its output to the CPU tail.</summary>
    public const string Head = "head";
    public const string Tail = "tail";

    /// <summary>The LossEncoder's outputs, by the encoder layer whose ReLU they follow.</summary>
    public static readonly IReadOnlyList<(string Output, string Layer)> LossLayers =
        [("relu1_1", "conv1_1"), ("relu2_1", "conv2_1"), ("relu3_1", "conv3_1"), ("relu4_1", "conv4_1")];

    /// <summary>The CalibrationStylizer's output holding the activation with this label.</summary>
    public static string ActivationOutput(string label) => $"act.{label}";
}
