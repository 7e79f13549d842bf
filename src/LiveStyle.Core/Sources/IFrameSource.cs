using OpenCvSharp;

namespace LiveStyle.Core.Sources;

/// <summary>
/// Something that produces frames: a camera, a video file, a still image, a test pattern.
/// Used from the capture thread only.
/// </summary>
public interface IFrameSource : IDisposable
{
    /// <summary>What the user sees in the overlay and log ("camera 0", "clip.mp4", "test pattern").</summary>
    string Name { get; }

    /// <summary>Frames per second the source delivers (or should be paced at, for files and patterns).</summary>
    double FramesPerSecond { get; }

    /// <summary>True for devices that pace themselves (cameras); false for sources the capture thread paces.</summary>
    bool IsLive { get; }

    /// <summary>
    /// Reads the next frame into <paramref name="bgr"/> (8-bit BGR; reallocated only on a size change).
    /// False when no frame could be read (a camera that went away); sources that loop never return false.
    /// </summary>
    bool Read(Mat bgr);
}
