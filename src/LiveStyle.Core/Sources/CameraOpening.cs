using LiveStyle.Core.Sources.Cameras;

namespace LiveStyle.Core.Sources;

/// <summary>
/// Opens the camera a <see cref="SourceSpec"/> names. On Linux a camera chosen by name is found by
/// its V4L2 card name, and its mode (MJPG at 1280×720 and above, where YUYV is slow) is picked from
/// the modes it lists; elsewhere, and for numbered cameras, OpenCV is asked directly.
/// </summary>
public static class CameraOpening
{
    public static CameraSource Open(SourceSpec spec, int? width, int? height, double? fps, CameraCatalog? catalog = null)
    {
        if (spec.CameraName is { } name)
        {
            if (!OperatingSystem.IsLinux() && catalog is null)
                throw new LiveStyleException($"choosing a camera by name works on Linux only so far; use camera:N (`livestyle devices` lists them)");
            var camera = (catalog ?? new CameraCatalog()).FindByName(name);
            var mode = CameraModeChoice.Choose(camera, width, height, fps);
            return new CameraSource(camera.Path, width, height, fps, mode, camera.Name);
        }
        return spec.Path is not null
            ? new CameraSource(spec.Path, width, height, fps)
            : new CameraSource(spec.CameraIndex, width, height, fps);
    }
}
