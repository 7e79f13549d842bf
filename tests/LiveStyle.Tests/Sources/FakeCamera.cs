using LiveStyle.Core.Sources;
using OpenCvSharp;

namespace LiveStyle.Tests.Sources;

/// <summary>
/// Stands in for a webcam (there is none on the test machines): delivers small frames at about
/// 200 fps, then, after <paramref name="framesBeforeFailure"/> frames, fails every read (returning
/// false, or throwing as a driver might when the device is unplugged).
/// </summary>
internal sealed class FakeCamera(int framesBeforeFailure = int.MaxValue, bool throwOnFailure = false) : IFrameSource
{
    private int _delivered;

    public string Name => "fake camera";
    public double FramesPerSecond => 200;
    public bool IsLive => true;
    public bool Disposed { get; private set; }
    public int Delivered => Volatile.Read(ref _delivered);

    public bool Read(Mat bgr)
    {
        ObjectDisposedException.ThrowIf(Disposed, this);
        Thread.Sleep(5);
        if (_delivered >= framesBeforeFailure)
        {
            if (throwOnFailure) throw new IOException("device unplugged");
            return false;
        }
        bgr.Create(24, 32, MatType.CV_8UC3);
        bgr.SetTo(new Scalar(_delivered % 256));
        Interlocked.Increment(ref _delivered);
        return true;
    }

    public void Dispose() => Disposed = true;
}
