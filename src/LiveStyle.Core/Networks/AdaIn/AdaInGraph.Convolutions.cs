using LiveStyle.Core.Onnx;
using LiveStyle.Core.Quantization;
using LiveStyle.Core.Weights;

namespace LiveStyle.Core.Networks.AdaIn;

/// <summary>The convolutions of <see cref="AdaInGraph"/>: float, or int8 in QDQ form, with the channel equalization applied to their weights.</summary>
public sealed partial class AdaInGraph
{
    /// <summary>A tensor in the graph: float, or uint8 with its quantization; Label names the layer that made it.</summary>
    private readonly record struct Activation(string Name, string Label, ActivationQuantization? Quantization);

    private Activation FloatConv(Activation input, ConvLayer layer, IReadOnlyDictionary<string, WeightTensor> weights, string prefix)
    {
        var x = layer.Kernel == 3 ? ReflectPad(input.Name) : input.Name;
        if (input.Quantization is { } q) x = Dequantize(x, q);
        var (w, b) = LayerWeights(layer, input.Label, weights);
        var weightName = g.Floats($"{prefix}.{layer.Label}.weight", [.. w.Shape.Select(d => (long)d)], w.Data);
        var biasName = g.Floats($"{prefix}.{layer.Label}.bias", [.. b.Shape.Select(d => (long)d)], b.Data);
        x = g.Node("Conv", [x, weightName, biasName], null, OnnxAttribute.Of("kernel_shape", [(long)layer.Kernel, layer.Kernel]));
        if (layer.Relu) x = g.Relu(x);
        _taps[layer.Label] = x;
        return new Activation(x, layer.Label, null);
    }

    /// <summary>
    /// DequantizeLinear(uint8 input), DequantizeLinear(int8 weights, per output channel),
    /// DequantizeLinear(int32 bias) → Conv → QuantizeLinear: the QDQ pattern ONNX Runtime fuses
    /// into one QLinearConv. A float input is quantized first (before its padding, so the padding
    /// runs on uint8). The ReLU needs no node: the output's zero point is 0, and QuantizeLinear
    /// saturates negative values to 0, which is exactly ReLU.
    /// </summary>
    private Activation QuantizedConv(Activation input, ConvLayer layer, IReadOnlyDictionary<string, WeightTensor> weights, string prefix, StylizerQuantization q)
    {
        if (input.Quantization is null)
        {
            var inputQuantization = q.For(input.Label);
            input = new Activation(Quantize(input.Name, inputQuantization), input.Label, inputQuantization);
        }
        var inScale = input.Quantization!.Value.Scale;
        var x = Dequantize(layer.Kernel == 3 ? ReflectPad(input.Name) : input.Name, input.Quantization.Value);

        var (w, b) = LayerWeights(layer, input.Label, weights);
        var quantized = ConvWeightQuantization.Create(w, b, inScale);
        var outChannels = layer.OutChannels;
        var weightName = g.DequantizeLinear(
            g.Int8s($"{prefix}.{layer.Label}.weight_int8", [.. w.Shape.Select(d => (long)d)], quantized.Weights),
            g.Floats($"{prefix}.{layer.Label}.weight_scale", [outChannels], quantized.WeightScales),
            g.Int8s($"{prefix}.{layer.Label}.weight_zero", [outChannels], new sbyte[outChannels]),
            axis: 0);
        var biasName = g.DequantizeLinear(
            g.Int32s($"{prefix}.{layer.Label}.bias_int32", [outChannels], quantized.Bias),
            g.Floats($"{prefix}.{layer.Label}.bias_scale", [outChannels], quantized.BiasScales),
            g.Int32s($"{prefix}.{layer.Label}.bias_zero", [outChannels], new int[outChannels]),
            axis: 0);
        var y = g.Node("Conv", [x, weightName, biasName], null, OnnxAttribute.Of("kernel_shape", [(long)layer.Kernel, layer.Kernel]));

        var output = q.For(layer.Label);
        if (layer.Relu && output.ZeroPoint != 0)
            throw new InvalidOperationException($"{layer.Label} is followed by a ReLU, so its output's zero point must be 0 (got {output.ZeroPoint})");
        return new Activation(Quantize(y, output), layer.Label, output);
    }

    /// <summary>The layer's weights and bias, with the channel equalization of its output and input applied.</summary>
    private (WeightTensor Weight, WeightTensor Bias) LayerWeights(ConvLayer layer, string inputLabel, IReadOnlyDictionary<string, WeightTensor> weights)
    {
        var w = weights[layer.WeightName];
        var b = weights[layer.BiasName];
        var outScales = equalization?.For(layer.Label);
        var inScales = equalization?.For(inputLabel);
        if (outScales is null && inScales is null) return (w, b);

        var weight = (float[])w.Data.Clone();
        var bias = (float[])b.Data.Clone();
        var kernelArea = layer.Kernel * layer.Kernel;
        for (var o = 0; o < layer.OutChannels; o++)
        {
            var outScale = outScales?[o] ?? 1f;
            bias[o] *= outScale;
            for (var i = 0; i < layer.InChannels; i++)
            {
                var factor = outScale / (inScales?[i] ?? 1f);
                var start = (o * layer.InChannels + i) * kernelArea;
                for (var k = start; k < start + kernelArea; k++) weight[k] *= factor;
            }
        }
        return (w with { Data = weight }, b with { Data = bias });
    }

    /// <summary>x · s (or x / s) per channel, s a [C] vector of positive factors.</summary>
    private string ScaleChannels(string x, float[] scales, bool inverse) =>
        g.Mul(x, g.Floats("channel_scale", [1, scales.Length, 1, 1], inverse ? scales.Select(s => 1 / s).ToArray() : scales));

    private string ReflectPad(string x) =>
        g.Node("Pad", [x, g.Int64s("reflect1", 0, 0, 1, 1, 0, 0, 1, 1)], null, OnnxAttribute.Of("mode", "reflect"));

    private string AsFloat(Activation x) => x.Quantization is { } q ? Dequantize(x.Name, q) : x.Name;

    private string Quantize(string x, ActivationQuantization q) =>
        g.QuantizeLinear(x, g.Scalar("act_scale", q.Scale), g.UInt8Scalar("act_zero", q.ZeroPoint));

    private string Dequantize(string x, ActivationQuantization q) =>
        g.DequantizeLinear(x, g.Scalar("act_scale", q.Scale), g.UInt8Scalar("act_zero", q.ZeroPoint));
}
