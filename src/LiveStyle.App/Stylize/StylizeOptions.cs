using LiveStyle.Core.Inference;
using LiveStyle.Core.Networks;
using LiveStyle.Core.Networks.PersonMask;
using LiveStyle.Core.Quantization;
using LiveStyle.Core.Temporal;

namespace LiveStyle.App.Stylize;

/// <summary>The options of `livestyle stylize`, parsed and range-checked by <see cref="StylizeCommandLine"/>.</summary>
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
    TemporalMode Temporal,
    StylizedRegions Regions = StylizedRegions.All,
    string? PersonStyle = null,
    string? MaskOut = null)
{
    /// <summary>True when the person mask is needed: regions other than all, a person style, or --mask-out.</summary>
    public bool NeedsPersonMask => Regions != StylizedRegions.All || PersonStyle is not null || MaskOut is not null;
}
