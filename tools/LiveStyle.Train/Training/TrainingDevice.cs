using LiveStyle.Core;
using LiveStyle.Train.Cli;
using TorchSharp;

namespace LiveStyle.Train.Training;

/// <summary>--device cpu|cuda[:N] → a TorchSharp device, or a clear error when CUDA is not there.</summary>
public static class TrainingDevice
{
    public static torch.Device Resolve(string text)
    {
        if (text == "cpu") return torch.CPU;
        if (text != "cuda" && !text.StartsWith("cuda:", StringComparison.Ordinal))
            throw new UsageException($"--device must be cpu, cuda or cuda:N, got '{text}'");
        var index = 0;
        if (text.Length > 5 && (!int.TryParse(text[5..], out index) || index < 0))
            throw new UsageException($"--device {text}: the CUDA device number must be a whole number");
        if (!torch.cuda.is_available())
            throw new LiveStyleException(
                "--device cuda was asked for, but CUDA is not available: this build uses libtorch's CPU package, or no NVIDIA GPU/driver was found. " +
                "Use --device cpu, or build with TorchSharp-cuda-linux / TorchSharp-cuda-windows on a machine with CUDA.");
        var count = torch.cuda.device_count();
        if (index >= count) throw new LiveStyleException($"--device {text}: there are only {count} CUDA device(s)");
        return new torch.Device(DeviceType.CUDA, index);
    }
}
