namespace LiveStyle.Core.Sinks.VirtualCamera;

/// <summary>Opens the virtual camera of the platform this runs on.</summary>
public static class VirtualCameraSinks
{
    /// <summary>
    /// Linux: the v4l2loopback device <paramref name="device"/> (e.g. /dev/video10), or the one found
    /// when null; YUYV. Windows: OBS Studio's virtual camera (<paramref name="device"/> must be null or "obs"), NV12.
    /// Elsewhere: a <see cref="LiveStyleException"/> saying it is not supported.
    /// </summary>
    public static VirtualCameraSink Open(string? device, VirtualCameraSettings settings, Action<string>? log) =>
        Open(device, settings, log, OperatingSystem.IsLinux() ? Platform.Linux : OperatingSystem.IsWindows() ? Platform.Windows : OperatingSystem.IsMacOS() ? Platform.MacOS : Platform.Other);

    public enum Platform { Linux, Windows, MacOS, Other }

    /// <summary>As <see cref="Open(string?, VirtualCameraSettings, Action{string}?)"/> for the given platform (tests name the platform).</summary>
    public static VirtualCameraSink Open(string? device, VirtualCameraSettings settings, Action<string>? log, Platform platform)
    {
        IVirtualCameraOutput output = platform switch
        {
            Platform.Linux => V4l2LoopbackOutput.Open(device, settings.Size, VirtualCameraFormat.Yuyv, log),
            Platform.Windows when device is null || device.Equals("obs", StringComparison.OrdinalIgnoreCase) =>
                ObsVirtualCameraOutput.Open(settings.Size, settings.FramesPerSecond, log),
            Platform.Windows => throw new LiveStyleException(
                $"On Windows the virtual camera is OBS Studio's \"OBS Virtual Camera\"; there is no device \"{device}\" to choose. Leave the device out."),
            Platform.MacOS => throw new LiveStyleException(
                "A virtual camera is not supported on macOS yet (it needs a CoreMediaIO camera extension). Record to a file, or use OBS Studio's virtual camera with a window capture."),
            _ => throw new LiveStyleException("A virtual camera is supported on Linux (v4l2loopback) and Windows (OBS Virtual Camera) only."),
        };
        try
        {
            return new VirtualCameraSink(output, settings, log);
        }
        catch
        {
            output.Dispose();
            throw;
        }
    }
}
