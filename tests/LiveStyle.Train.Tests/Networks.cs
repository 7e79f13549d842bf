using LiveStyle.Core.Networks.AdaIn;
using LiveStyle.Core.Weights;
using LiveStyle.Train.Networks;

namespace LiveStyle.Train.Tests;

/// <summary>The encoder and decoder with the shared weights, loaded once per test run.</summary>
public static class Networks
{
    private static readonly Lazy<AdaInWeights> WeightsLazy = new(() => AdaInWeights.Load(SharedData.WeightsDirectory));
    private static readonly Lazy<AdaInEncoder> EncoderLazy = new(() =>
    {
        var encoder = new AdaInEncoder();
        encoder.Load(Weights.Encoder, AdaInWeights.EncoderFileName);
        return encoder;
    });
    private static readonly Lazy<AdaInDecoder> DecoderLazy = new(() =>
    {
        var decoder = new AdaInDecoder();
        decoder.Load(Weights.Decoder, AdaInWeights.DecoderFileName);
        return decoder;
    });

    public static AdaInWeights Weights => WeightsLazy.Value;
    public static AdaInEncoder Encoder => EncoderLazy.Value;
    public static AdaInDecoder Decoder => DecoderLazy.Value;
}
