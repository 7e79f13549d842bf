using LiveStyle.Core.Networks.AdaIn;
using LiveStyle.Core.Weights;
using static TorchSharp.torch;

namespace LiveStyle.Train.Networks;

/// <summary>
/// pytorch-AdaIN's function.py: channel statistics and adaptive instance normalisation.
/// Intermediate tensors are left to the caller's <c>torch.NewDisposeScope()</c>.
/// </summary>
public static class AdaInFunctions
{
    /// <summary>Per-sample, per-channel mean and std [N,C,1,1]; unbiased variance + 1e-5 inside the root.</summary>
    public static (Tensor Mean, Tensor Std) MeanStd(Tensor features)
    {
        var (n, c) = (features.shape[0], features.shape[1]);
        var flat = features.reshape(n, c, -1);
        var std = flat.var(2, unbiased: true).add(AdaInArchitecture.VarianceEpsilon).sqrt();
        var mean = flat.mean([2]);
        return (mean.reshape(n, c, 1, 1), std.reshape(n, c, 1, 1));
    }

    /// <summary>The content features with the style features' channel statistics.</summary>
    public static Tensor AdaIn(Tensor content, Tensor style)
    {
        var (styleMean, styleStd) = MeanStd(style);
        var (contentMean, contentStd) = MeanStd(content);
        return (content - contentMean) / contentStd * styleStd + styleMean;
    }
}
