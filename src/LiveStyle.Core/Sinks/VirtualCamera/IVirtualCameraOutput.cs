using OpenCvSharp;

namespace LiveStyle.Core.Sinks.VirtualCamera;

/// <summary>
/// The device side of a virtual camera: its format is fixed when it is opened (size, pixel layout),
/// and it takes whole converted frames. <see cref="VirtualCameraSink"/> feeds it on its own clock.
/// </summary>
public interface IVirtualCameraOutput : IDisposable
{
    /// <summary>What the overlay and log call it ("virtual camera /dev/video10").</summary>
    string Name { get; }

    /// <summary>The picture size the device took (the driver may have chosen another than asked).</summary>
    Size Size { get; }

    VirtualCameraFormat Format { get; }

    /// <summary>Writes one frame of <see cref="Format"/> at <see cref="Size"/>; <paramref name="timestampNanoseconds"/> is when it is due.</summary>
    void Write(ReadOnlySpan<byte> frame, ulong timestampNanoseconds);

    /// <summary>Tells readers the stream ends (where the device has a way to say so).</summary>
    void Stop();
}
