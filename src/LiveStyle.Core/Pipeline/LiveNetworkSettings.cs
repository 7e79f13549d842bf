using LiveStyle.Core.Inference;
using LiveStyle.Core.Networks;
using LiveStyle.Core.Quantization;

namespace LiveStyle.Core.Pipeline;

/// <summary>What the live view's <see cref="LiveNetworks"/> open: the first network, how, and the style folder.</summary>
/// <param name="NetworkChosen">True when the user named the network (--network): then it never falls back to the other one.</param>
/// <param name="Size">--size, or null for each network's own default.</param>
public sealed record LiveNetworkSettings(
    StyleNetworkKind StartNetwork,
    bool NetworkChosen,
    Precision Precision,
    ExecutionDevice Device,
    CalibrationOptions Calibration,
    string Styles,
    int StyleSize,
    InferenceSize? Size)
{
    /// <summary>--size, else the network's own default inference size.</summary>
    public InferenceSize SizeFor(StyleNetworkKind network) => Size ?? StyleNetworks.DefaultLiveSize(network);
}
