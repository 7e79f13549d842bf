using LiveStyle.Train.Networks;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace LiveStyle.Train.Training;

/// <summary>
/// The losses of one batch (tensors, on the training device), and every tensor that led to them
/// in the order they were computed (named, for <see cref="NonFinite.FirstStage"/>).
/// </summary>
public sealed record LossTerms(Tensor Total, Tensor Content, Tensor Style, IReadOnlyList<(string Name, Tensor Value)> Stages);

/// <summary>
/// pytorch-AdaIN's net.Net.forward: t = AdaIN(f(c), f(s)); the decoder maps t to g(t);
/// content loss = MSE(f(g(t)), t) at relu4_1; style loss = Σ over relu1_1…relu4_1 of
/// MSE(μ(φ(g(t))), μ(φ(s))) + MSE(σ(φ(g(t))), σ(φ(s))). Runs inside the caller's dispose scope.
/// </summary>
public static class AdaInLoss
{
    public static LossTerms Compute(AdaInEncoder encoder, AdaInDecoder decoder, Tensor content, Tensor style, double contentWeight, double styleWeight)
    {
        var taps = AdaInEncoder.TapLabels.Select(l => "relu" + l["conv".Length..]).ToArray();
        var stages = new List<(string, Tensor)> { ("the content batch", content), ("the style batch", style) };
        Tensor[] styleTaps;
        Tensor target;
        using (no_grad())
        {
            styleTaps = encoder.EncodeWithTaps(style);
            var contentFeatures = encoder.Encode(content);
            target = AdaInFunctions.AdaIn(contentFeatures, styleTaps[^1]);
            stages.AddRange(styleTaps.Select((t, i) => ($"the style batch's {taps[i]} features", t)));
            stages.Add(("the content batch's relu4_1 features", contentFeatures));
            stages.Add(("the AdaIN target", target));
        }
        var generated = decoder.Decode(target);
        var generatedTaps = encoder.EncodeWithTaps(generated);
        stages.Add(("the decoder output", generated));
        stages.AddRange(generatedTaps.Select((t, i) => ($"the decoder output's {taps[i]} features", t)));

        var contentLoss = mse_loss(generatedTaps[^1], target);
        stages.Add(("the content loss", contentLoss));
        Tensor? styleLoss = null;
        for (var i = 0; i < generatedTaps.Length; i++)
        {
            var (mean, std) = AdaInFunctions.MeanStd(generatedTaps[i]);
            var (targetMean, targetStd) = AdaInFunctions.MeanStd(styleTaps[i]);
            var term = mse_loss(mean, targetMean) + mse_loss(std, targetStd);
            stages.Add(($"the style loss at {taps[i]}", term));
            styleLoss = styleLoss is null ? term : styleLoss + term;
        }
        var total = contentLoss * contentWeight + styleLoss! * styleWeight;
        stages.Add(("the total loss", total));
        return new LossTerms(total, contentLoss, styleLoss!, stages);
    }
}
