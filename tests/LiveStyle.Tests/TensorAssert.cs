using NUnit.Framework;

namespace LiveStyle.Tests;

public static class TensorAssert
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

    public static void Close(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, double tolerance, string what)
    {
        var error = RelativeL2(actual, expected);
        TestContext.Out.WriteLine($"{what}: relative L2 error {error:E3}");
        Assert.That(error, Is.LessThanOrEqualTo(tolerance), $"{what}: relative L2 error {error:E3} exceeds {tolerance:E1}");
    }

    public static float[] ReadF32(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var values = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, values, 0, values.Length * 4);
        return values;
    }
}
