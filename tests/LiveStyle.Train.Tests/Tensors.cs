using NUnit.Framework;
using static TorchSharp.torch;

namespace LiveStyle.Train.Tests;

/// <summary>Relative L2 comparison of float tensors, as in the Core tests.</summary>
public static class Tensors
{
    public static double RelativeL2(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
    {
        Assert.That(actual.Length, Is.EqualTo(expected.Length), "tensor sizes differ");
        double diff = 0, norm = 0;
        for (var i = 0; i < actual.Length; i++)
        {
            double d = actual[i] - expected[i];
            diff += d * d;
            norm += (double)expected[i] * expected[i];
        }
        return Math.Sqrt(diff / norm);
    }

    public static double Close(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, double tolerance, string what)
    {
        var error = RelativeL2(actual, expected);
        TestContext.Out.WriteLine($"{what}: relative L2 error {error:E3}");
        Assert.That(error, Is.LessThanOrEqualTo(tolerance), $"{what}: relative L2 error {error:E3} exceeds {tolerance:E1}");
        return error;
    }

    public static float[] Values(Tensor t)
    {
        using var cpu = t.detach().cpu().contiguous();
        return cpu.data<float>().ToArray();
    }

    public static Tensor FromChw(float[] values, params long[] shape) => tensor(values, shape);
}
