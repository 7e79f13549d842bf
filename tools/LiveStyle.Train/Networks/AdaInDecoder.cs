using LiveStyle.Core.Networks.AdaIn;
using LiveStyle.Core.Weights;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LiveStyle.Train.Networks;

/// <summary>
/// pytorch-AdaIN's decoder: relu4_1-shaped features → RGB image (not clamped); reflection-padded
/// 3×3 convs, nearest ×2 upsampling, no normalisation layers.
/// </summary>
public sealed class AdaInDecoder : IDisposable
{
    private readonly IReadOnlyList<nn.Module<Tensor, Tensor>> _modules;
    private readonly IReadOnlyDictionary<string, Conv2d> _convs;

    /// <summary>The nn.Sequential whose state_dict keys are pytorch-AdaIN's ("1.weight", …).</summary>
    public Sequential Layers { get; }

    public AdaInDecoder()
    {
        var builder = new SequentialBuilder().Add(AdaInArchitecture.Decoder);
        _modules = builder.Modules;
        _convs = builder.Convs;
        Layers = builder.Build();
    }

    public void Load(IReadOnlyDictionary<string, WeightTensor> tensors, string source) =>
        ConvWeights.Load(_convs, AdaInArchitecture.Decoder, tensors, source);

    public IReadOnlyList<WeightTensor> Weights() => ConvWeights.Read(_convs, AdaInArchitecture.Decoder);

    public AdaInDecoder To(Device device)
    {
        Layers.to(device);
        return this;
    }

    /// <summary>The layers of <see cref="Layers"/> in order, each conv through <see cref="WholeBlockConv"/>.</summary>
    public Tensor Decode(Tensor features)
    {
        var x = features;
        foreach (var module in _modules) x = WholeBlockConv.Forward(module, x);
        return x;
    }

    public void Dispose() => Layers.Dispose();
}
