using LiveStyle.Core.Weights;

namespace LiveStyle.Core.Quantization;

/// <summary>
/// A convolution's weights as int8, symmetric, one scale per output channel (axis 0), and its
/// bias as int32 at the scale input scale × weight scale, the form ONNX Runtime's integer
/// convolution (QLinearConv) accumulates in.
/// </summary>
public sealed record ConvWeightQuantization(sbyte[] Weights, float[] WeightScales, int[] Bias, float[] BiasScales)
{
    public const int Limit = 127;

    public static ConvWeightQuantization Create(WeightTensor weight, WeightTensor bias, float inputScale)
    {
        var outChannels = weight.Shape[0];
        var perChannel = weight.Data.Length / outChannels;
        var weights = new sbyte[weight.Data.Length];
        var weightScales = new float[outChannels];
        var biasValues = new int[outChannels];
        var biasScales = new float[outChannels];
        for (var o = 0; o < outChannels; o++)
        {
            var slice = weight.Data.AsSpan(o * perChannel, perChannel);
            var largest = 0f;
            foreach (var w in slice) largest = Math.Max(largest, Math.Abs(w));
            var scale = largest > 0 ? largest / Limit : 1f;
            weightScales[o] = scale;
            for (var i = 0; i < perChannel; i++)
                weights[o * perChannel + i] = (sbyte)Math.Clamp(MathF.Round(slice[i] / scale), -Limit, Limit);
            biasScales[o] = inputScale * scale;
            biasValues[o] = (int)Math.Clamp(Math.Round(bias.Data[o] / (double)biasScales[o]), int.MinValue, int.MaxValue);
        }
        return new ConvWeightQuantization(weights, weightScales, biasValues, biasScales);
    }
}
