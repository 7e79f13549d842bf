using LiveStyle.Core.Models;
using LiveStyle.Core.Networks.AdaIn;
using LiveStyle.Core.Styling;
using LiveStyle.Train.Networks;
using static TorchSharp.torch;

namespace LiveStyle.Bench;

/// <summary>
/// The same network and weights in TorchSharp (libtorch), eager, inference mode: encoder, AdaIN
/// with the given statistics, decoder, clamp. Sizes here are multiples of 8, so no padding.
/// </summary>
public sealed class TorchSharpStylizer : IDisposable
{
    private readonly AdaInEncoder _encoder = new();
    private readonly AdaInDecoder _decoder = new();
    private readonly Tensor _content;
    private readonly Tensor _styleMean;
    private readonly Tensor _styleStd;

    public TorchSharpStylizer(ModelStore store, int width, int height, float[] content, StyleStatistics style)
    {
        _encoder.Load(store.Weights(AdaInModels.Family).Encoder, store.WeightsDirectory);
        _decoder.Load(store.Weights(AdaInModels.Family).Decoder, store.WeightsDirectory);
        _encoder.Layers.eval();
        _decoder.Layers.eval();
        _content = tensor(content, [1, 3, height, width]);
        _styleMean = tensor(style.Mean, [1, StyleStatistics.Channels, 1, 1]);
        _styleStd = tensor(style.Std, [1, StyleStatistics.Channels, 1, 1]);
    }

    public void Run()
    {
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        var features = _encoder.Encode(_content);
        var (mean, std) = AdaInFunctions.MeanStd(features);
        var target = (features - mean) / std * _styleStd + _styleMean;
        _ = _decoder.Decode(target).clamp(0, 1);
    }

    public void Dispose()
    {
        _encoder.Dispose();
        _decoder.Dispose();
        _content.Dispose();
        _styleMean.Dispose();
        _styleStd.Dispose();
    }
}
