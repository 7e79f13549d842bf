using LiveStyle.Core.Sources;
using Microsoft.ML.OnnxRuntime;

namespace LiveStyle.App;

/// <summary>`livestyle devices`: the cameras that open and the ONNX Runtime execution providers.</summary>
public static class DevicesCommand
{
    private const int CamerasToProbe = 10;

    public static int Run(TextWriter output)
    {
        output.WriteLine("cameras:");
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
        if (found == 0) output.WriteLine("  none (the live view falls back to the test pattern; --source image:FILE or video:FILE also work)");

        output.WriteLine("execution providers:");
        foreach (var provider in OrtEnv.Instance().GetAvailableProviders())
            output.WriteLine($"  {provider}");
        output.WriteLine(OperatingSystem.IsWindows() ? "use --device dml:N for a DirectML GPU adapter" : "DirectML (--device dml) is available on Windows only");
        return 0;
    }
}
