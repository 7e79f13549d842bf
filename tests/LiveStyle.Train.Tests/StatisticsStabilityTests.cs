using LiveStyle.Core.Networks.AdaIn;
using LiveStyle.Core.Weights;
using LiveStyle.Train.Networks;
using NUnit.Framework;
using static TorchSharp.torch;

namespace LiveStyle.Train.Tests;

/// <summary>
/// The channel statistics on the features a training batch can really produce: channels that are
/// constant (flat crops, dead ReLUs) at large values, where a variance computed as E[x²] − E[x]²
/// cancels to a negative number in float32 and its square root is NaN.
/// </summary>
public class StatisticsStabilityTests
{
    [TestCase(0f)]
    [TestCase(1f)]
    [TestCase(3000.123f)]
    [TestCase(123456.7f)]
    public void ConstantChannelsHaveTheEpsilonStdAndFiniteGradients(float value)
    {
        using var scope = NewDisposeScope();
        // Batch 2, 512 channels at 8×8 (relu4_1 of a 64-pixel crop); channel c holds value·(1 + c/512), slightly jittered in one sample.
        var data = new float[2 * 512 * 64];
        for (var n = 0; n < 2; n++)
            for (var c = 0; c < 512; c++)
                for (var i = 0; i < 64; i++)
                    data[(n * 512 + c) * 64 + i] = value * (1 + c / 512f) * (n == 1 && i % 2 == 0 ? 1 + 1e-7f : 1);
        var features = tensor(data, [2, 512, 8, 8]).requires_grad_(true);

        var (mean, std) = AdaInFunctions.MeanStd(features);
        var stds = std.data<float>().ToArray();
        Assert.That(stds, Is.All.Matches<float>(float.IsFinite), "std is finite");
        Assert.That(stds.Min(), Is.GreaterThanOrEqualTo(MathF.Sqrt(AdaInArchitecture.VarianceEpsilon) * 0.999f));

        (std.sum() + mean.sum()).backward();
        Assert.That(features.grad!.data<float>().ToArray(), Is.All.Matches<float>(float.IsFinite), "gradients are finite");
    }
}
