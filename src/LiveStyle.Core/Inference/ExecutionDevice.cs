namespace LiveStyle.Core.Inference;

public enum DeviceKind { Auto, Cpu, DirectML }

/// <summary>The --device option: auto, cpu, dml or dml:N (N = adapter index).</summary>
public readonly record struct ExecutionDevice(DeviceKind Kind, int AdapterIndex = 0)
{
    public static ExecutionDevice Auto => new(DeviceKind.Auto);
    public static ExecutionDevice Cpu => new(DeviceKind.Cpu);

    public static ExecutionDevice Parse(string text)
    {
        var value = text.Trim().ToLowerInvariant();
        if (value == "auto") return Auto;
        if (value == "cpu") return Cpu;
        if (value == "dml") return new(DeviceKind.DirectML);
        if (value.StartsWith("dml:") && int.TryParse(value[4..], out var index) && index >= 0)
            return new(DeviceKind.DirectML, index);
        throw new LiveStyleException($"unknown --device '{text}': use auto, cpu, dml or dml:N (N = GPU adapter index)");
    }

    public override string ToString() => Kind switch
    {
        DeviceKind.Auto => "auto",
        DeviceKind.Cpu => "cpu",
        _ => $"dml:{AdapterIndex}",
    };
}
