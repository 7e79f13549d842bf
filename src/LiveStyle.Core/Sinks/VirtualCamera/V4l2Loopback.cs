using static LiveStyle.Core.Sinks.VirtualCamera.V4l2Exception;

namespace LiveStyle.Core.Sinks.VirtualCamera;

/// <summary>
/// Finds and opens the v4l2loopback device to write to: the one named, or the first discovered one
/// that accepts output now. Errors are <see cref="LiveStyleException"/>s that say what to do.
/// </summary>
public sealed class V4l2Loopback(
    string sysfsRoot = V4l2LoopbackDiscovery.DefaultSysfsRoot,
    string deviceRoot = V4l2LoopbackDiscovery.DefaultDeviceRoot,
    Func<string, IV4l2Device>? openDevice = null,
    V4l2LoopbackSetup? setup = null)
{
    public static readonly string HowToCreate = V4l2LoopbackSetup.Steps + "\nThen start the virtual camera again.";

    private readonly Func<string, IV4l2Device> _openDevice = openDevice ?? V4l2Device.Open;

    /// <summary>Opens <paramref name="devicePath"/>, or discovers a device when it is null.</summary>
    public IV4l2Device OpenOutput(string? devicePath, Action<string>? log = null)
    {
        if (devicePath is not null)
            return OpenNamed(devicePath);

        var entries = V4l2LoopbackDiscovery.Find(sysfsRoot, deviceRoot);
        if (entries.Count == 0)
            throw new LiveStyleException($"No v4l2loopback virtual camera device exists (none listed in {sysfsRoot}). {(setup ?? new V4l2LoopbackSetup()).Diagnose()}\nThen start the virtual camera again.");

        var refusals = new List<string>();
        foreach (var entry in entries)
        {
            if (TryOpen(entry.DevicePath, out var device, out var refusal, out _))
            {
                log?.Invoke($"virtual camera: using {entry.DevicePath} (\"{entry.Label}\")");
                return device;
            }
            refusals.Add($"  {entry.DevicePath} (\"{entry.Label}\"): {refusal}");
        }
        throw new LiveStyleException(
            "No v4l2loopback device accepts video now:\n" + string.Join("\n", refusals) + "\n" +
            "Close the program that is writing to it, or create another device. " + HowToCreate);
    }

    private IV4l2Device OpenNamed(string path)
    {
        if (TryOpen(path, out var device, out var refusal, out var notALoopback))
            return device;
        throw new LiveStyleException($"Cannot use {path} as the virtual camera: {refusal}." + (notALoopback ? " " + HowToCreate : ""));
    }

    /// <summary><paramref name="notALoopback"/>: the refusal means the path is no usable loopback device at all.</summary>
    private bool TryOpen(string path, out IV4l2Device device, out string refusal, out bool notALoopback)
    {
        device = null!;
        notALoopback = false;
        IV4l2Device? opened = null;
        try
        {
            opened = _openDevice(path);
            var info = opened.QueryCapability();
            if (!info.CanOutputVideo)
            {
                notALoopback = !info.IsLoopback;
                refusal = info.IsLoopback
                    ? "another program is already writing to it (with exclusive_caps=1 it then shows only as a camera)"
                    : $"it is not a video output device (driver \"{info.Driver}\", \"{info.Card}\"); name a v4l2loopback device";
                opened.Dispose();
                return false;
            }
            device = opened;
            refusal = "";
            return true;
        }
        catch (V4l2Exception e)
        {
            opened?.Dispose();
            notALoopback = e.Errno is ENOENT or ENOTTY;
            refusal = e.Errno switch
            {
                ENOENT => "no such device",
                EACCES => "permission denied: add yourself to the 'video' group (sudo usermod -aG video $USER) and log in again",
                EBUSY => "the device is busy: another program holds it",
                ENOTTY => "it is not a video device",
                _ => e.Message,
            };
            return false;
        }
    }
}
