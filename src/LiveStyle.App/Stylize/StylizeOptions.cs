using LiveStyle.Core.Inference;
using LiveStyle.Core.Networks;
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
    TemporalMode Temporal);
