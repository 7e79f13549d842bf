namespace LiveStyle.Core.Quantization;

/// <summary>The outcome of the int8 build: the model's path when the gate accepted it, and the gate's figures either way.</summary>
/// <param name="Ranges">The calibration the model was quantized with, when known (a network may rebuild parts of its graph from it).</param>
public sealed record Int8StylizerResult(string? ModelPath, QualityReport Report, Int8Ranges? Ranges = null)
{
    public bool Accepted => ModelPath is not null;
}
