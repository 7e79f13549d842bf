using OpenCvSharp;

namespace LiveStyle.Core.Frames;

/// <summary>
/// The inference thread's output: the stylized picture and the camera picture it came from, both
/// 8-bit BGR (OpenGL uploads BGR directly; OpenCV sinks want BGR). Pooled like <see cref="Frame"/>.
/// </summary>
public sealed class StylizedFrame : IDisposable
{
    public Mat Stylized { get; } = new();
    /// <summary>The captured frame at its own size (for split view, colour preservation, snapshots).</summary>
    public Mat Original { get; } = new();
    public long Sequence { get; set; }
    /// <summary>Stopwatch ticks at capture and when stylization finished: their difference is the latency.</summary>
    public long CapturedAt { get; set; }
    public long StylizedAt { get; set; }
    public double InferenceMilliseconds { get; set; }
    /// <summary>The camera picture shown as it is because no stylizer was ready yet (models still building).</summary>
    public bool Passthrough { get; set; }

    public void Dispose()
    {
        Stylized.Dispose();
        Original.Dispose();
    }
}
