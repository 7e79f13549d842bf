using LiveStyle.Core.Networks.AdaIn;
using LiveStyle.Core.Weights;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LiveStyle.Train.Networks;

/// <summary>
/// The normalised VGG-19 up to relu4_1 as pytorch-AdaIN's <c>vgg[:31]</c>: input RGB in [0,1],
/// the 1×1 preprocessing conv, reflection-padded 3×3 convs, ceil-mode 2×2 max-pools. Frozen:
/// its parameters never require gradients. Intermediate tensors are left to the caller's
/// <c>torch.NewDisposeScope()</c>.
/// </summary>
public sealed class AdaInEncoder : IDisposable
{
    /// <summary>The layers whose ReLU outputs the style loss compares.</summary>
    public static readonly string[] TapLabels = ["conv1_1", "conv2_1", "conv3_1", "conv4_1"];

    private readonly IReadOnlyList<TorchSharp.torch.nn.Module<Tensor, Tensor>> _modules;
    private readonly IReadOnlyDictionary<string, Conv2d> _convs;
    private readonly int[] _tapIndices;

    /// <summary>The nn.Sequential whose state_dict keys are pytorch-AdaIN's ("2.weight", …).</summary>
    public Sequential Layers { get; }

    public AdaInEncoder()
    {
        var builder = new SequentialBuilder().Add(AdaInArchitecture.Encoder);
        _modules = builder.Modules;
        _convs = builder.Convs;
        _tapIndices = [.. TapLabels.Select(l => builder.ReluIndexByLabel[l])];
        Layers = builder.Build();
        foreach (var p in Layers.parameters()) p.requires_grad = false;
        Layers.eval();
    }

    public void Load(IReadOnlyDictionary<string, WeightTensor> tensors, string source) =>
        ConvWeights.Load(_convs, AdaInArchitecture.Encoder, tensors, source);

    public IReadOnlyList<WeightTensor> Weights() => ConvWeights.Read(_convs, AdaInArchitecture.Encoder);

    public AdaInEncoder To(Device device)
    {
        Layers.to(device);
        return this;
    }

    /// <summary>relu4_1 features [N,512,⌈H/8⌉,⌈W/8⌉].</summary>
    public Tensor Encode(Tensor image)
    {
        var x = image;
        foreach (var module in _modules) x = WholeBlockConv.Forward(module, x);
        return x;
    }

    /// <summary>relu1_1, relu2_1, relu3_1, relu4_1 (pytorch-AdaIN's encode_with_intermediate).</summary>
    public Tensor[] EncodeWithTaps(Tensor image)
    {
        var taps = new Tensor[_tapIndices.Length];
        var x = image;
        var next = 0;
        for (var i = 0; i <= _tapIndices[^1]; i++)
        {
            x = WholeBlockConv.Forward(_modules[i], x);
            if (i == _tapIndices[next]) taps[next++] = x;
        }
        return taps;
    }

    public void Dispose() => Layers.Dispose();
}
