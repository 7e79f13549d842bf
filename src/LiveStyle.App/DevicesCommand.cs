using System.CommandLine;
using System.Globalization;
using LiveStyle.Core.Networks.MicroAst.Cpu;
using LiveStyle.Core.Sources;
using LiveStyle.Core.Sources.Cameras;
using Microsoft.ML.OnnxRuntime;

namespace LiveStyle.App;

/// <summary>`livestyle devices`: the cameras by name with their modes, and the ONNX Runtime execution providers.</summary>
public static class DevicesCommand
{
    private const int CamerasToProbe = 10;
    private const string NoCameras = "  none (the live view falls back to the test pattern; --source image:FILE or video:FILE also work)";

    public static Command CreateCommand()
    {
        var command = new Command("devices", "Lists the cameras (by name, with their modes) and the inference devices.");
        command.SetAction(result => Run(result.InvocationConfiguration.Output));
        return command;
    }

    public static int Run(TextWriter output)
    {
        output.WriteLine("cameras:");
        if (OperatingSystem.IsLinux()) WriteCameras(output, new CameraCatalog().List());
        else ProbeByIndex(output);

        output.WriteLine("execution providers:");
        foreach (var provider in OrtEnv.Instance().GetAvailableProviders())
            output.WriteLine($"  {provider}");
        output.WriteLine(OperatingSystem.IsWindows() ? "use --device dml:N for a DirectML GPU adapter" : "DirectML (--device dml) is available on Windows only");
        var kernels = CpuKernelChoice.Current;
        output.WriteLine($"fast network on the CPU: {kernels.ShortName} ({kernels.Reason})");
        return 0;
    }

    /// <summary>Each camera: its name, path and how to pick it, then per format its sizes with their frame rates.</summary>
    public static void WriteCameras(TextWriter output, IReadOnlyList<CameraListing> listings)
    {
        if (listings.Count == 0)
        {
            output.WriteLine(NoCameras);
            return;
        }
        foreach (var listing in listings)
        {
            if (listing.Camera is not { } camera)
            {
                output.WriteLine($"  {listing.Path}: cannot be read: {listing.Problem}");
                continue;
            }
            var note = camera.IsVirtual ? "  (a v4l2loopback virtual camera)" : "";
            output.WriteLine($"  \"{camera.Name}\"  {camera.Path}  --source \"camera:{camera.Name}\"{note}");
            foreach (var format in camera.Formats)
            {
                var sizes = string.Join(", ", format.Sizes.Select(s =>
                    s.FramesPerSecond.Count == 0
                        ? $"{s.Width}x{s.Height}"
                        : $"{s.Width}x{s.Height} @ {string.Join("/", s.FramesPerSecond.Select(r => r.ToString("0.##", CultureInfo.InvariantCulture)))}"));
                output.WriteLine($"      {format.Fourcc} ({format.Description}): {(sizes.Length == 0 ? "no sizes listed" : sizes)}");
            }
        }
    }

    private static void ProbeByIndex(TextWriter output)
    {
        var found = 0;
        for (var index = 0; index < CamerasToProbe; index++)
        {
            try
            {
                using var camera = new CameraSource(index);
                output.WriteLine($"  camera:{index}  {camera.Name}  {camera.Width}x{camera.Height} at {camera.FramesPerSecond:F0} fps");
                found++;
            }
            catch (LiveStyle.Core.LiveStyleException)
            {
                // Not there; keep probing the next index.
            }
        }
        if (found == 0) output.WriteLine(NoCameras);
    }
}
