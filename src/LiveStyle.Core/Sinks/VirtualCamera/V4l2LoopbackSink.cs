using LiveStyle.Core.Frames;
using OpenCvSharp;
using static LiveStyle.Core.Sinks.VirtualCamera.V4l2Constants;

namespace LiveStyle.Core.Sinks.VirtualCamera;

/// <summary>
/// Writes stylized frames to a v4l2loopback device, where browsers and video-call apps see a webcam.
/// The first frame fixes the format: its size (an odd width, or odd height for I420, loses its last
/// column or row) is set with VIDIOC_S_FMT. Later frames of another size are scaled to it, because
/// v4l2loopback refuses a new format while a program is reading and most readers cannot follow one.
/// </summary>
public sealed class V4l2LoopbackSink : IFrameSink
{
    private readonly IV4l2Device _device;
    private readonly VirtualCameraFormat _format;
    private readonly Action<string>? _log;
    private FrameFitter? _fitter;
    private byte[] _buffer = [];
    private int _frameBytes;

    public V4l2LoopbackSink(IV4l2Device device, VirtualCameraFormat format = VirtualCameraFormat.Yuyv, Action<string>? log = null)
    {
        _device = device;
        _format = format;
        _log = log;
    }

    /// <summary>Opens <paramref name="devicePath"/>, or the v4l2loopback device found in sysfs when it is null.</summary>
    public static V4l2LoopbackSink Open(string? devicePath, VirtualCameraFormat format = VirtualCameraFormat.Yuyv, Action<string>? log = null) =>
        new(new V4l2Loopback().OpenOutput(devicePath, log), format, log);

    public string Name => $"virtual camera {_device.Path}";

    /// <summary>The negotiated picture size; empty before the first frame.</summary>
    public Size Size => _fitter?.Size ?? default;

    public void Write(StylizedFrame frame)
    {
        var source = frame.Stylized;
        if (source.Empty() || source.Type() != MatType.CV_8UC3)
            throw new ArgumentException($"expected an 8-bit BGR frame, got {source.Type()} {source.Width}×{source.Height}");
        _fitter ??= Negotiate(source.Width, source.Height);
        var pixels = _fitter.Fit(source, out var stride);
        Convert(pixels, stride);
        WriteFrame();
    }

    public void Complete()
    {
        // Nothing buffered: each frame went out whole with its write.
    }

    public void Dispose()
    {
        _device.Dispose();
        _fitter?.Dispose();
    }

    private FrameFitter Negotiate(int sourceWidth, int sourceHeight)
    {
        var width = sourceWidth & ~1;
        var height = _format == VirtualCameraFormat.I420 ? sourceHeight & ~1 : sourceHeight;
        if (width < 2 || height < 2)
            throw new LiveStyleException($"A {sourceWidth}×{sourceHeight} frame is too small for the virtual camera.");

        var fourcc = Fourcc(_format);
        var requested = new V4l2Format
        {
            Type = BufferTypeVideoOutput,
            Pix = new V4l2PixFormat
            {
                Width = (uint)width,
                Height = (uint)height,
                PixelFormat = fourcc,
                Field = FieldNone,
                BytesPerLine = (uint)BytesPerLine(width),
                SizeImage = (uint)FrameBytes(width, height),
                Colorspace = ColorspaceSmpte170M,
                YcbcrEncoding = YcbcrEncoding601,
                Quantization = QuantizationLimitedRange,
            },
        };
        var format = requested;
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
        if (size.Width < 2 || size.Width % 2 != 0 || size.Height < 1 || (_format == VirtualCameraFormat.I420 && size.Height % 2 != 0))
            throw new LiveStyleException($"{_device.Path} chose a frame size of {size.Width}×{size.Height}, which {FourccText(fourcc)} cannot hold.");
        if (pix.BytesPerLine != BytesPerLine(size.Width) || pix.SizeImage < FrameBytes(size.Width, size.Height))
            throw new LiveStyleException(
                $"{_device.Path} chose a layout this program does not write ({pix.BytesPerLine} bytes a line, {pix.SizeImage} a frame for {size.Width}×{size.Height}).");

        _frameBytes = FrameBytes(size.Width, size.Height);
        _buffer = new byte[_frameBytes];
        var adjusted = size.Width != width || size.Height != height ? $" (asked for {width}×{height})" : "";
        _log?.Invoke($"virtual camera: {_device.Path} takes {FourccText(fourcc)} {size.Width}×{size.Height}{adjusted}");
        return new FrameFitter(size, _log);
    }

    private void Convert(ReadOnlySpan<byte> bgr, int stride)
    {
        var size = _fitter!.Size;
        var target = _buffer.AsSpan(0, _frameBytes);
        if (_format == VirtualCameraFormat.I420)
            YuvConversion.BgrToI420(bgr, size.Width, size.Height, stride, target);
        else
            YuvConversion.BgrToYuyv(bgr, size.Width, size.Height, stride, target);
    }

    private void WriteFrame()
    {
        int written;
        try
        {
            written = _device.Write(_buffer.AsSpan(0, _frameBytes));
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

    private static uint Fourcc(VirtualCameraFormat format) => format == VirtualCameraFormat.I420 ? FourccI420 : FourccYuyv;

    private int BytesPerLine(int width) => _format == VirtualCameraFormat.I420 ? width : width * 2;

    private int FrameBytes(int width, int height) =>
        _format == VirtualCameraFormat.I420 ? YuvConversion.I420Size(width, height) : YuvConversion.YuyvSize(width, height);
}
