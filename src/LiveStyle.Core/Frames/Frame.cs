using LiveStyle.Core.Threading;
using OpenCvSharp;

namespace LiveStyle.Core.Frames;

/// <summary>
/// A captured frame: 8-bit BGR pixels plus when and in which order it was captured. Frames are
/// pooled and reused (see <see cref="LatestMailbox{T}"/>), so the pixel Mat is only reallocated
/// when the source's size changes.
/// </summary>
public sealed class Frame : IDisposable
{
    public Mat Bgr { get; } = new();
    /// <summary>Capture order, from 1; gaps mean frames were dropped.</summary>
    public long Sequence { get; set; }
    /// <summary>When the frame was captured, in <see cref="System.Diagnostics.Stopwatch"/> ticks.</summary>
    public long CapturedAt { get; set; }

    public int Width => Bgr.Width;
    public int Height => Bgr.Height;

    public void Dispose() => Bgr.Dispose();
}
