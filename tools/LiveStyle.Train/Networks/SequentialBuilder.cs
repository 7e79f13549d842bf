using LiveStyle.Core.Networks.AdaIn;
using LiveStyle.Core.Weights;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LiveStyle.Train.Networks;

/// <summary>
/// Lays out pytorch-AdaIN's nn.Sequential from Core's list of convolutions, so every module gets
/// the index it has there and the parameters the keys "{index}.weight" and "{index}.bias".
/// A 3×3 conv is preceded by ReflectionPad2d(1); a pool or upsample comes before that pad.
/// </summary>
internal sealed class SequentialBuilder
{
    private readonly List<(string Name, nn.Module<Tensor, Tensor> Module)> _modules = [];

    public Dictionary<string, Conv2d> Convs { get; } = new(StringComparer.Ordinal);
    /// <summary>Sequential index of the ReLU after each conv, by conv label.</summary>
    public Dictionary<string, int> ReluIndexByLabel { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<nn.Module<Tensor, Tensor>> Modules => _modules.Select(m => m.Module).ToList();

    public SequentialBuilder Add(IEnumerable<ConvLayer> layers)
    {
        foreach (var layer in layers)
        {
            if (layer.PoolBefore) Append(nn.MaxPool2d(kernel_size: 2, stride: 2, padding: 0, ceil_mode: true));
            if (layer.UpsampleBefore) Append(nn.Upsample(scale_factor: [2.0, 2.0], mode: UpsampleMode.Nearest));
            if (layer.Kernel == 3) Append(nn.ReflectionPad2d(1));
            if (_modules.Count.ToString() != layer.Key)
                throw new InvalidOperationException($"{layer.Label} would get index {_modules.Count}, not its key {layer.Key}");
            var conv = nn.Conv2d(layer.InChannels, layer.OutChannels, layer.Kernel);
            Convs[layer.Key] = conv;
            Append(conv);
            if (layer.Relu)
            {
                ReluIndexByLabel[layer.Label] = _modules.Count;
                Append(nn.ReLU());
            }
        }
        return this;
    }

    public Sequential Build() => nn.Sequential(_modules.Select(m => (m.Name, m.Module)).ToArray());

    private void Append(nn.Module<Tensor, Tensor> module) => _modules.Add((_modules.Count.ToString(), module));
}
