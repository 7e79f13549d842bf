using System.Globalization;
using LiveStyle.Core.Networks.AdaIn;
using LiveStyle.Core.Weights;
using LiveStyle.Train.Networks;
using static TorchSharp.torch;

namespace LiveStyle.Train.Training;

/// <summary>
/// Names where a NaN or ±Inf first appears in one training iteration, so a non-finite loss can
/// be traced to its source: the batch, a decoder parameter, a stage of the forward pass, or a
/// parameter's gradient.
/// </summary>
public static class NonFinite
{
    /// <summary>
    /// The first decoder parameter, then the first stage of <paramref name="loss"/> (in the order
    /// they were computed) that holds a non-finite value; null when all are finite.
    /// </summary>
    public static string? FirstStage(AdaInDecoder decoder, LossTerms loss)
    {
        if (FirstParameter(decoder) is { } parameter) return parameter;
        foreach (var (name, value) in loss.Stages)
            if (Describe(value, batch: value.dim() == 4) is { } bad) return $"{name}: {bad}";
        return null;
    }

    /// <summary>The first decoder parameter that holds a non-finite value; null when all are finite.</summary>
    public static string? FirstParameter(AdaInDecoder decoder)
    {
        foreach (var (name, parameter) in decoder.Layers.named_parameters())
            if (Describe(parameter, batch: false) is { } bad) return $"decoder parameter {Label(name)}: {bad}";
        return null;
    }

    /// <summary>The first decoder parameter whose gradient holds a non-finite value; null when all are finite.</summary>
    public static string? FirstGradient(AdaInDecoder decoder)
    {
        foreach (var (name, parameter) in decoder.Layers.named_parameters())
        {
            using var gradient = parameter.grad;
            if (gradient is not null && Describe(gradient, batch: false) is { } bad) return $"the gradient of decoder parameter {Label(name)}: {bad}";
        }
        return null;
    }

    /// <summary>
    /// "3 NaN, 1 ±Inf of 4096 values" for a tensor that holds any (else null), the value itself for a single one; for a
    /// <paramref name="batch"/> [N,…] also the first sample that does ("…, first in sample 1").
    /// </summary>
    public static string? Describe(Tensor value, bool batch)
    {
        using var scope = NewDisposeScope();
        using var _ = no_grad();
        var finite = value.isfinite();
        if (finite.all().item<bool>()) return null;
        var bad = finite.logical_not();
        if (value.numel() == 1) return value.item<float>().ToString(CultureInfo.InvariantCulture);
        var nan = value.isnan().sum().item<long>();
        var all = bad.sum().item<long>();
        var where = batch ? $", first in sample {bad.flatten(1).any(1).nonzero()[0, 0].item<long>()}" : "";
        return $"{nan} NaN, {all - nan} ±Inf of {value.numel()} values{where}";
    }

    /// <summary>"1.weight (deconv4_1)": the state_dict key and the layer's name.</summary>
    private static string Label(string key)
    {
        var layer = AdaInArchitecture.Decoder.FirstOrDefault(l => key == l.WeightName || key == l.BiasName);
        return layer is null ? key : $"{key} ({layer.Label})";
    }
}
