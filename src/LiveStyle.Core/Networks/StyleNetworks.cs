using LiveStyle.Core.Inference;
using LiveStyle.Core.Models;
using LiveStyle.Core.Networks.AdaIn;
using LiveStyle.Core.Networks.MicroAst;
using LiveStyle.Core.Pipeline;
using LiveStyle.Core.Quantization;

namespace LiveStyle.Core.Networks;

/// <summary>Opens the network of --network with its --precision on --device, building its models on first use.</summary>
public static class StyleNetworks
{
    public static IStyleNetwork Open(StyleNetworkKind kind, ModelStore store, Precision precision, ExecutionDevice device,
        CalibrationOptions calibration, Action<string> log)
    {
        SessionFactory.RequireAvailable(device);
        return kind switch
        {
            StyleNetworkKind.AdaIn => AdaInStyleNetwork.Open(store, precision, device, calibration, log),
            StyleNetworkKind.MicroAst => MicroAstStyleNetwork.Open(store, precision, device, calibration, log),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    /// <summary>True when opening the network at this precision would first calibrate an int8 model (about a minute, once).</summary>
    public static bool Int8NeedsBuilding(StyleNetworkKind kind, ModelStore store, Precision precision, ExecutionDevice device, CalibrationOptions calibration) =>
        kind switch
        {
            StyleNetworkKind.AdaIn => AdaInStylizerModel.Int8NeedsBuilding(store, precision, device, calibration),
            StyleNetworkKind.MicroAst => MicroAstStylizerModel.Int8NeedsBuilding(store, precision, device, calibration),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

    /// <summary>The live view's inference size when --size is not given: what each network keeps up with on a CPU.</summary>
    public static InferenceSize DefaultLiveSize(StyleNetworkKind kind) => kind switch
    {
        StyleNetworkKind.AdaIn => AdaInStyleNetwork.DefaultLiveSize,
        StyleNetworkKind.MicroAst => MicroAstStyleNetwork.DefaultLiveSize,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>"fast int8 on CPU (2 threads)": what the overlay and the log say runs.</summary>
    public static string Summary(IStyleNetwork network) =>
        $"{StyleNetworkChoice.Name(network.Kind)} {PrecisionChoice.Name(network.Precision)} on {network.DeviceName}";
}
