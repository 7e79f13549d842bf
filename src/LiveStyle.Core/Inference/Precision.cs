namespace LiveStyle.Core.Inference;

/// <summary>The stylizer's arithmetic: the float32 model, the int8 model, or the best for the device.</summary>
public enum Precision { Auto, Fp32, Int8 }

/// <summary>The --precision option: auto, fp32 or int8.</summary>
public static class PrecisionChoice
{
    public static Precision Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "auto" => Precision.Auto,
        "fp32" => Precision.Fp32,
        "int8" => Precision.Int8,
        _ => throw new LiveStyleException($"unknown --precision '{text}': use auto, fp32 or int8"),
    };

    public static string Name(Precision precision) => precision.ToString().ToLowerInvariant();

    /// <summary>
    /// auto is int8 where the stylizer runs on the CPU (integer convolutions are about 3× faster
    /// there) and fp32 on DirectML (GPUs gain nothing from it). With --device auto that is decided
    /// by whether this build and machine can try DirectML.
    /// </summary>
    public static Precision Resolve(Precision requested, ExecutionDevice device)
    {
        if (requested != Precision.Auto) return requested;
        return device.Kind switch
        {
            DeviceKind.Cpu => Precision.Int8,
            DeviceKind.DirectML => Precision.Fp32,
            _ => SessionFactory.DirectMLUnavailableReason() is null ? Precision.Fp32 : Precision.Int8,
        };
    }
}
