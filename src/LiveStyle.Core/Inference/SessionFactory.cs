using Microsoft.ML.OnnxRuntime;

namespace LiveStyle.Core.Inference;

/// <summary>
/// Opens ONNX Runtime sessions on the requested device. DirectML exists only in Windows builds
/// (the DirectML package replaces the CPU one there); "auto" tries it and falls back to the CPU,
/// logging why.
/// </summary>
public static class SessionFactory
{
    public static (InferenceSession Session, string DeviceName) Open(string modelPath, ExecutionDevice device, Action<string>? log = null)
    {
        if (device.Kind != DeviceKind.Cpu)
        {
            var reason = DirectMLUnavailableReason();
            if (reason is null)
            {
                try
                {
                    return (OpenDirectML(modelPath, device.AdapterIndex), $"DirectML (adapter {device.AdapterIndex})");
                }
                catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
                {
                    reason = $"DirectML failed to start: {e.Message}";
                }
            }
            if (device.Kind == DeviceKind.DirectML)
                throw new LiveStyleException($"--device {device} is not available: {reason}. Use --device cpu or auto.");
            log?.Invoke($"using the CPU: {reason}");
        }
        return (OpenCpu(modelPath), CpuDeviceName);
    }

    /// <summary>What the overlay and the log call the CPU a session runs on.</summary>
    public static string CpuDeviceName => $"CPU ({Environment.ProcessorCount} threads)";

    /// <summary>ONNX Runtime's threads within one operator: the caller and one per further core this process may use.</summary>
    public static int IntraOpThreads => Environment.ProcessorCount;

    /// <summary>Opens a model held in memory on the CPU (models used only while building another, such as the int8 stylizer's calibration).</summary>
    public static InferenceSession OpenCpu(byte[] model)
    {
        using var options = BaseOptions();
        try
        {
            return new InferenceSession(model, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new LiveStyleException($"ONNX Runtime cannot load a model LiveStyle built: {e.Message}", e);
        }
    }

    /// <summary>
    /// Refuses an explicit --device dml where DirectML cannot exist (another OS, a build without it),
    /// so the user hears it before any model is built; auto and cpu always pass.
    /// </summary>
    public static void RequireAvailable(ExecutionDevice device)
    {
        if (device.Kind == DeviceKind.DirectML && DirectMLUnavailableReason() is { } reason)
            throw new LiveStyleException($"--device {device} is not available: {reason}. Use --device cpu or auto.");
    }

    /// <summary>Null when DirectML can be tried on this machine and build; else why not.</summary>
    public static string? DirectMLUnavailableReason()
    {
#if LIVESTYLE_DIRECTML
        return OperatingSystem.IsWindows() ? null : "DirectML needs Windows";
#else
        return OperatingSystem.IsWindows()
            ? "this build has no DirectML (it was not built on Windows)"
            : "DirectML is only available on Windows";
#endif
    }

    private static InferenceSession OpenCpu(string modelPath)
    {
        using var options = BaseOptions();
        return Create(modelPath, options);
    }

    private static InferenceSession OpenDirectML(string modelPath, int adapterIndex)
    {
        using var options = BaseOptions();
        // DirectML needs sequential execution and no memory pattern planning.
        options.EnableMemoryPattern = false;
        options.ExecutionMode = ExecutionMode.ORT_SEQUENTIAL;
        options.AppendExecutionProvider_DML(adapterIndex);
        return Create(modelPath, options);
    }

    /// <summary>
    /// All graph optimizations; worker threads that sleep between runs instead of spinning: the
    /// live view shares a few cores among capture, the stylizer, the stabilizer and the outputs,
    /// and spinning workers took CPU from them (measured on 2 cores, headless live pipeline at
    /// 640×360 on the fast network: 18.1–18.5 frames/s delivered without spinning, 16.8–17.5 with).
    /// </summary>
    public static SessionOptions BaseOptions()
    {
        var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
            // As many threads as the cores this process may use: left at 0, ONNX Runtime makes one per
            // physical core of the machine and pins each to its core, whatever taskset or a container's
            // CPU limit allows (.NET's count honours both).
            IntraOpNumThreads = IntraOpThreads,
        };
        options.AddSessionConfigEntry("session.intra_op.allow_spinning", "0");
        return options;
    }

    private static InferenceSession Create(string modelPath, SessionOptions options)
    {
        if (!File.Exists(modelPath))
            throw new LiveStyleException($"model not found: {modelPath}");
        try
        {
            return new InferenceSession(modelPath, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new LiveStyleException($"cannot load the model {modelPath}: {e.Message}. Delete it to have it rebuilt.", e);
        }
    }
}
