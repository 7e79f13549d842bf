using LiveStyle.Core.Inference;

namespace LiveStyle.Core.Networks;

/// <summary>The style networks LiveStyle runs (--network).</summary>
public enum StyleNetworkKind
{
    /// <summary>AdaIN with the VGG-19 encoder: the reference, about 223 GFLOP per 640×360 frame.</summary>
    AdaIn,
    /// <summary>MicroAST: micro encoders and decoder, about 12.5 GFLOP per 640×360 frame.</summary>
    MicroAst,
}

public static class StyleNetworkChoice
{
    public static StyleNetworkKind Parse(string text) => text.ToLowerInvariant() switch
    {
        "adain" => StyleNetworkKind.AdaIn,
        "fast" => StyleNetworkKind.MicroAst,
        _ => throw new LiveStyleException($"--network '{text}' is not a network: give adain or fast"),
    };

    public static string Name(StyleNetworkKind kind) => kind == StyleNetworkKind.AdaIn ? "adain" : "fast";

    public static StyleNetworkKind Other(StyleNetworkKind kind) => kind == StyleNetworkKind.AdaIn ? StyleNetworkKind.MicroAst : StyleNetworkKind.AdaIn;

    /// <summary>The live view's default: the fast network where the stylizer runs on the CPU, AdaIN on a GPU provider.</summary>
    public static StyleNetworkKind LiveDefault(ExecutionDevice device) =>
        PrecisionChoice.Resolve(Precision.Auto, device) == Precision.Int8 ? StyleNetworkKind.MicroAst : StyleNetworkKind.AdaIn;
}
