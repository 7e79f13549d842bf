using LiveStyle.Core.Imaging;
using LiveStyle.Core.Inference;
using LiveStyle.Core.Styling;

namespace LiveStyle.Core.Networks;

/// <summary>
/// A style network with its sessions open on a device: a style image becomes style signals (once
/// per style), and a frame plus signals plus a strength becomes the stylized frame. Everything
/// after model building — the style bank, cross-fades, mixing, the live pipeline, `stylize` — works
/// through this contract only.
/// </summary>
public interface IStyleNetwork : IDisposable
{
    StyleNetworkKind Kind { get; }
    /// <summary>How many floats one style's signals hold.</summary>
    int SignalLength { get; }
    Precision Precision { get; }
    /// <summary>Where the per-frame network runs, e.g. "CPU (2 threads)".</summary>
    string DeviceName { get; }
    /// <summary>Which model runs and why, for the log (e.g. "int8 (quality gate: …)").</summary>
    string Description { get; }
    /// <summary>Identifies the style encoder model, so cached signals of another network or model are never reused.</summary>
    string StyleEncoderKey { get; }

    /// <summary>The style signals of a style image (planar RGB in [0,1]).</summary>
    StyleSignals EncodeStyle(PlanarImage style);

    /// <summary>Buffers and bindings for frames of one size, made once and reused for every frame of that size.</summary>
    IFrameStylizer CreateFrameStylizer(int width, int height);
}

/// <summary>One resolution of a network: fill <see cref="Content"/>, <see cref="Run"/>, read <see cref="Output"/>. Runs allocate nothing.</summary>
public interface IFrameStylizer : IDisposable
{
    int Width { get; }
    int Height { get; }
    PlanarImage Content { get; }
    PlanarImage Output { get; }

    /// <summary>Stylizes Content into Output: strength 0 gives (nearly) the content, 1 the full style.</summary>
    void Run(StyleSignals signals, float strength);
}
