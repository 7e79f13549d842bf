using LiveStyle.Core.Networks.AdaIn;
using LiveStyle.Core.Weights;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LiveStyle.Train.Networks;

/// <summary>Copies weights between Core's <see cref="WeightTensor"/> dictionaries and the convs of a network.</summary>
internal static class ConvWeights
{
    public static void Load(IReadOnlyDictionary<string, Conv2d> convs, IReadOnlyList<ConvLayer> layers,
        IReadOnlyDictionary<string, WeightTensor> tensors, string source)
    {
        AdaInWeights.Verify(source, tensors, layers);
        using var _ = no_grad();
        foreach (var layer in layers)
        {
            var conv = convs[layer.Key];
            Copy(conv.weight!, tensors[layer.WeightName]);
            Copy(conv.bias!, tensors[layer.BiasName]);
        }
    }

    /// <summary>The weights as float32 tensors on the CPU, in layer order ("{key}.weight", "{key}.bias").</summary>
    public static IReadOnlyList<WeightTensor> Read(IReadOnlyDictionary<string, Conv2d> convs, IReadOnlyList<ConvLayer> layers)
    {
        var result = new List<WeightTensor>();
        foreach (var layer in layers)
        {
            var conv = convs[layer.Key];
            result.Add(ToWeightTensor(layer.WeightName, conv.weight!));
            result.Add(ToWeightTensor(layer.BiasName, conv.bias!));
        }
        return result;
    }

    private static void Copy(Tensor destination, WeightTensor source)
    {
        using var values = tensor(source.Data, [.. source.Shape.Select(d => (long)d)]);
        destination.copy_(values);
    }

    private static WeightTensor ToWeightTensor(string name, Tensor value)
    {
        using var cpu = value.detach().to(ScalarType.Float32).cpu().contiguous();
        return new WeightTensor(name, [.. cpu.shape.Select(d => (int)d)], cpu.data<float>().ToArray());
    }
}
