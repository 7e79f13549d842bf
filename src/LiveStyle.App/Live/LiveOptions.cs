using LiveStyle.Core.Inference;
using LiveStyle.Core.Networks;
using LiveStyle.Core.Pipeline;
using LiveStyle.Core.Quantization;
using LiveStyle.Core.Sinks.Recording;
using LiveStyle.Core.Sinks.VirtualCamera;
using LiveStyle.Core.Temporal;
using LiveStyle.Core.Networks.PersonMask;

namespace LiveStyle.App.Live;

/// <summary>The options of the live view (`livestyle [options]`), parsed and range-checked by <see cref="LiveCommandLine"/>.</summary>
public sealed record LiveOptions(
    string? Source,
    (int Width, int Height)? CameraSize,
    double? CameraFps,
    string Styles,
    int StyleSize,
    InferenceSize? Size,
    StyleNetworkKind? Network,
    float Alpha,
    TimeSpan CrossFade,
    ExecutionDevice Device,
    Precision Precision,
    CalibrationOptions Calibration,
    string? Weights,
    bool Headless,
    TimeSpan? Duration,
    (int Width, int Height) WindowSize,
    bool Fullscreen,
    bool SplitView,
    bool PreserveColor,
    string? Record,
    VideoCodec Codec,
    double? RecordFps,
    string RecordingsDirectory,
    string SnapshotsDirectory,
    bool VirtualCamera,
    string? VirtualCameraDevice,
    VirtualCameraSettings VirtualCameraOutput,
    bool MirrorPreview,
    int? StreamPort,
    float? StreamFps,
    TemporalMode Temporal,
    Core.Pipeline.UpscaleMode Upscale,
    StylizedRegions Regions = StylizedRegions.All)
{
    /// <summary>Whether the live view has the option (settings pass on only the options it knows).</summary>
    public static bool Knows(string option) => new LiveCommandLine().All.Any(o => o.Name == $"--{option}");

    /// <summary>The options given in <paramref name="args"/> with their values (null for flags).</summary>
    public static IReadOnlyDictionary<string, string?> Given(IReadOnlyList<string> args)
    {
        var line = new LiveCommandLine();
        return line.Given(line.Parse(args));
    }

    /// <summary>The live view's options from <paramref name="args"/>; a wrong command line is a <see cref="Cli.UsageException"/>.</summary>
    public static LiveOptions Parse(IReadOnlyList<string> args)
    {
        var line = new LiveCommandLine();
        return line.Read(line.Parse(args));
    }

    /// <summary>The network the live view starts with: --network, else fast on the CPU and adain on a GPU provider.</summary>
    public StyleNetworkKind StartNetwork => Network ?? StyleNetworkChoice.LiveDefault(Device);

    /// <summary>What the live view's networks are opened with.</summary>
    public LiveNetworkSettings NetworkSettings =>
        new(StartNetwork, Network is not null, Precision, Device, Calibration, Styles, StyleSize, Size);

    /// <summary>--size, else the network's own default.</summary>
    public InferenceSize SizeFor(StyleNetworkKind network) => NetworkSettings.SizeFor(network);
}
