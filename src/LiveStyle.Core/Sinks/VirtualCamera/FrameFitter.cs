using OpenCvSharp;

namespace LiveStyle.Core.Sinks.VirtualCamera;

/// <summary>
/// Brings frames to a virtual camera's fixed size: a frame of that size, or at most one pixel
/// wider or taller (an odd size made even), is used in place and read through its stride; any other
/// size is scaled into a buffer kept between frames. Logs once each time the incoming size changes.
/// </summary>
public sealed class FrameFitter(Size size, Action<string>? log) : IDisposable
{
    private readonly Mat _scaled = new();
    private Size _lastSourceSize;

    public Size Size { get; } = size;

    /// <summary>The 8-bit BGR pixels of <see cref="Size"/> to convert, valid until the next call.</summary>
    public unsafe ReadOnlySpan<byte> Fit(Mat source, out int stride)
    {
        var image = source.Width - Size.Width is 0 or 1 && source.Height - Size.Height is 0 or 1 ? source : Scale(source);
        stride = (int)image.Step();
        return new ReadOnlySpan<byte>((void*)image.Data, (Size.Height - 1) * stride + Size.Width * 3);
    }

    private Mat Scale(Mat source)
    {
        var sourceSize = new Size(source.Width, source.Height);
        if (sourceSize != _lastSourceSize)
            log?.Invoke($"virtual camera: scaling {source.Width}×{source.Height} frames to {Size.Width}×{Size.Height}");
        _lastSourceSize = sourceSize;
        Cv2.Resize(source, _scaled, Size, interpolation: InterpolationFlags.Area);
        return _scaled;
    }

    public void Dispose() => _scaled.Dispose();
}
