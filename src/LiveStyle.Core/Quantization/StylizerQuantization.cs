namespace LiveStyle.Core.Quantization;

/// <summary>
/// What the int8 stylizer is built from: the uint8 quantization of every activation that enters
/// or leaves an integer convolution (by the label the network's graph gives it), and the
/// convolutions that stay float.
/// </summary>
public sealed record StylizerQuantization(IReadOnlyDictionary<string, ActivationQuantization> Activations, IReadOnlySet<string> FloatLayers)
{
    public bool IsQuantized(string layerLabel) => !FloatLayers.Contains(layerLabel);

    public ActivationQuantization For(string label) =>
        Activations.TryGetValue(label, out var q) ? q : throw new InvalidOperationException($"no calibrated range for the activation '{label}'");
}
