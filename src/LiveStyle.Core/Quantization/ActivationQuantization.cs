namespace LiveStyle.Core.Quantization;

/// <summary>
/// uint8 per-tensor quantization of an activation: real = (q − ZeroPoint) · Scale, q in 0…255.
/// Zero is always exactly representable (reflection padding copies values, ReLU clamps at zero).
/// </summary>
public readonly record struct ActivationQuantization(float Scale, byte ZeroPoint)
{
    public static ActivationQuantization FromRange(double min, double max)
    {
        min = Math.Min(min, 0);
        max = Math.Max(max, 0);
        var scale = Math.Max((max - min) / 255.0, 1e-8);
        var zeroPoint = (byte)Math.Clamp(Math.Round(-min / scale), 0, 255);
        return new((float)scale, zeroPoint);
    }

    /// <summary>The smallest and largest real values this quantization represents.</summary>
    public (double Min, double Max) Range => ((0 - ZeroPoint) * (double)Scale, (255 - ZeroPoint) * (double)Scale);
}
