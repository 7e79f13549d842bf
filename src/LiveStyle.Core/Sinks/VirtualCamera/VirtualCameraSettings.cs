using OpenCvSharp;

namespace LiveStyle.Core.Sinks.VirtualCamera;

/// <summary>The virtual camera's output, fixed before the first frame: what meeting apps see.</summary>
/// <param name="Size">The picture size (default 1280×720, which Discord, Teams, Zoom and Chrome all take).</param>
/// <param name="FramesPerSecond">The constant rate frames are sent at, whatever the inference rate.</param>
/// <param name="Fit">How frames of another shape are fitted (never stretched).</param>
/// <param name="Mirror">Flip the output left–right (meeting apps mirror only their own self-view).</param>
public sealed record VirtualCameraSettings(Size Size, double FramesPerSecond = VirtualCameraSettings.DefaultFramesPerSecond, FitMode Fit = FitMode.Crop, bool Mirror = false)
{
    public const double DefaultFramesPerSecond = 30;
    public static readonly Size DefaultSize = new(1280, 720);
    public static readonly VirtualCameraSettings Default = new(DefaultSize);
}
