using LiveStyle.Train.Networks;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace LiveStyle.Train.Training;

/// <summary>The losses of one batch (tensors, on the training device).</summary>
public sealed record LossTerms(Tensor Total, Tensor Content, Tensor Style);

/// <summary>
/// pytorch-AdaIN's net.Net.forward: t = AdaIN(f(c), f(s)); the decoder maps t to g(t);
/// content loss = MSE(f(g(t)), t) at relu4_1; style loss = Σ over relu1_1…relu4_1 of
/// MSE(μ(φ(g(t))), μ(φ(s))) + MSE(σ(φ(g(t))), σ(φ(s))). Runs inside the caller's dispose scope.
/// </summary>
public static class AdaInLoss
{
    public static LossTerms Compute(AdaInEncoder encoder, AdaInDecoder decoder, Tensor content, Tensor style, double contentWeight, double styleWeight)
    {
        Tensor[] styleTaps;
        Tensor target;
        using (no_grad())
        {
            styleTaps = encoder.EncodeWithTaps(style);
            target = AdaInFunctions.AdaIn(encoder.Encode(content), styleTaps[^1]);
        }
        var generated = decoder.Decode(target);
        var generatedTaps = encoder.EncodeWithTaps(generated);

        var contentLoss = mse_loss(generatedTaps[^1], target);
        Tensor? styleLoss = null;
        for (var i = 0; i < generatedTaps.Length; i++)
        {
            var (mean, std) = AdaInFunctions.MeanStd(generatedTaps[i]);
            var (targetMean, targetStd) = AdaInFunctions.MeanStd(styleTaps[i]);
            var term = mse_loss(mean, targetMean) + mse_loss(std, targetStd);
            styleLoss = styleLoss is null ? term : styleLoss + term;
        }
        var total = contentLoss * contentWeight + styleLoss! * styleWeight;
        return new LossTerms(total, contentLoss, styleLoss!);
    }
}
