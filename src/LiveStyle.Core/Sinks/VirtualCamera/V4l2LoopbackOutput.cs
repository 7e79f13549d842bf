using OpenCvSharp;
using static LiveStyle.Core.Sinks.VirtualCamera.V4l2Constants;

namespace LiveStyle.Core.Sinks.VirtualCamera;

/// <summary>
/// A v4l2loopback device as a virtual camera, where browsers and video-call apps see a webcam. The
/// format is set once, when it is opened, with VIDIOC_S_FMT (v4l2loopback refuses a new format while
/// a program reads, and most readers cannot follow one); each write is one whole frame.
/// </summary>
public sealed class V4l2LoopbackOutput : IVirtualCameraOutput
{
    private readonly IV4l2Device _device;
    private readonly int _frameBytes;

    /// <param name="size">The size to ask for: even width (and even height for 4:2:0 formats).</param>
    public V4l2LoopbackOutput(IV4l2Device device, Size size, VirtualCameraFormat format = VirtualCameraFormat.Yuyv, Action<string>? log = null)
    {
        if (format == VirtualCameraFormat.Nv12)
            throw new ArgumentException("v4l2loopback is fed YUYV or I420 here", nameof(format));
        _device = device;
        Format = format;
        Size = Negotiate(size, log);
        _frameBytes = format.FrameBytes(Size.Width, Size.Height);
    }

    /// <summary>Opens <paramref name="devicePath"/>, or the v4l2loopback device found in sysfs when it is null.</summary>
    public static V4l2LoopbackOutput Open(string? devicePath, Size size, VirtualCameraFormat format = VirtualCameraFormat.Yuyv, Action<string>? log = null)
    {
        var device = new V4l2Loopback().OpenOutput(devicePath, log);
        try
        {
            return new V4l2LoopbackOutput(device, size, format, log);
        }
        catch
        {
            device.Dispose();
            throw;
        }
    }

    public string Name => $"virtual camera {_device.Path}";
    public Size Size { get; }
    public VirtualCameraFormat Format { get; }

    public void Write(ReadOnlySpan<byte> frame, ulong timestampNanoseconds)
    {
        if (frame.Length != _frameBytes)
            throw new ArgumentException($"a {Format} frame of {Size.Width}×{Size.Height} has {_frameBytes} bytes, got {frame.Length}");
        int written;
        try
        {
            written = _device.Write(frame);
        }
        catch (V4l2Exception e)
        {
            throw new LiveStyleException(
                $"The virtual camera {_device.Path} stopped taking frames: {V4l2Exception.Describe(e.Errno)}. " +
                "The device may have been removed (v4l2loopback unloaded). " + V4l2Loopback.HowToCreate, e);
        }
        if (written != _frameBytes)
            throw new LiveStyleException(
                $"The virtual camera {_device.Path} took {written} of a frame's {_frameBytes} bytes; its format changed under this program. Restart the virtual camera.");
    }

    public void Stop()
    {
        // v4l2loopback has no end-of-stream: readers keep the last frame until the device is closed.
    }

    public void Dispose() => _device.Dispose();

    private Size Negotiate(Size asked, Action<string>? log)
    {
        var width = asked.Width & ~1;
        var height = Format.NeedsEvenHeight() ? asked.Height & ~1 : asked.Height;
        if (width < 2 || height < 2)
            throw new LiveStyleException($"{asked.Width}×{asked.Height} is too small for the virtual camera.");

        var fourcc = Fourcc(Format);
        var format = new V4l2Format
        {
            Type = BufferTypeVideoOutput,
            Pix = new V4l2PixFormat
            {
                Width = (uint)width,
                Height = (uint)height,
                PixelFormat = fourcc,
                Field = FieldNone,
                BytesPerLine = (uint)BytesPerLine(width),
                SizeImage = (uint)Format.FrameBytes(width, height),
                Colorspace = ColorspaceSmpte170M,
                YcbcrEncoding = YcbcrEncoding601,
                Quantization = QuantizationLimitedRange,
            },
        };
        try
        {
            _device.SetFormat(ref format);
        }
        catch (V4l2Exception e)
        {
            throw new LiveStyleException(e.Errno == V4l2Exception.EBUSY
                ? $"{_device.Path} is busy: another program is sending video to it, or a reader holds it at another format. Close that program, or use another v4l2loopback device."
                : $"{_device.Path} refused the format {FourccText(fourcc)} {width}×{height}: {V4l2Exception.Describe(e.Errno)}.", e);
        }

        // The driver may have adjusted the request (a device fixed to another size keeps its size).
        var pix = format.Pix;
        if (pix.PixelFormat != fourcc)
            throw new LiveStyleException(
                $"{_device.Path} does not take {FourccText(fourcc)} frames (it offers {FourccText(pix.PixelFormat)}). Choose the other virtual camera format, or recreate the device.");
        var size = new Size((int)pix.Width, (int)pix.Height);
        if (size.Width < 2 || size.Width % 2 != 0 || size.Height < 1 || (Format.NeedsEvenHeight() && size.Height % 2 != 0))
            throw new LiveStyleException($"{_device.Path} chose a frame size of {size.Width}×{size.Height}, which {FourccText(fourcc)} cannot hold.");
        if (pix.BytesPerLine != BytesPerLine(size.Width) || pix.SizeImage < Format.FrameBytes(size.Width, size.Height))
            throw new LiveStyleException(
                $"{_device.Path} chose a layout this program does not write ({pix.BytesPerLine} bytes a line, {pix.SizeImage} a frame for {size.Width}×{size.Height}).");

        var adjusted = size.Width != width || size.Height != height ? $" (asked for {width}×{height})" : "";
        log?.Invoke($"virtual camera: {_device.Path} takes {FourccText(fourcc)} {size.Width}×{size.Height}{adjusted}");
        return size;
    }

    private static uint Fourcc(VirtualCameraFormat format) => format == VirtualCameraFormat.I420 ? FourccI420 : FourccYuyv;

    private int BytesPerLine(int width) => Format == VirtualCameraFormat.I420 ? width : width * 2;
}
