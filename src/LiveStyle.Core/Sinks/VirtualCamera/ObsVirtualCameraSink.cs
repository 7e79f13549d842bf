using System.Diagnostics;
using System.IO.MemoryMappedFiles;
using System.Runtime.Versioning;
using LiveStyle.Core.Frames;
using Microsoft.Win32;
using OpenCvSharp;

namespace LiveStyle.Core.Sinks.VirtualCamera;

/// <summary>
/// Feeds the "OBS Virtual Camera" device that OBS Studio installs on Windows: this program takes OBS's
/// place as the producer of the shared-memory queue the camera's DirectShow filter reads. The first
/// frame fixes the size (odd sides lose a pixel; later frames of another size are scaled to it).
/// </summary>
public sealed class ObsVirtualCameraSink : IFrameSink
{
    public const double DefaultFramesPerSecond = 30;
    /// <summary>The CLSID OBS's release builds register the filter under.</summary>
    public const string FilterClsid = "{A3FCE0F5-3493-419F-958A-ABA1250EC20B}";

    private readonly Func<long, MemoryMappedFile> _createMapping;
    private readonly ulong _interval;
    private readonly Action<string>? _log;
    private MemoryMappedFile? _mapping;
    private MemoryMappedViewAccessor? _view;
    private ObsVirtualCamQueue? _queue;
    private FrameFitter? _fitter;
    private byte[] _nv12 = [];

    /// <param name="createMapping">Makes the shared memory of the given size (a test passes a file-backed one).</param>
    /// <param name="framesPerSecond">The rate announced to the camera's readers.</param>
    public ObsVirtualCameraSink(Func<long, MemoryMappedFile> createMapping, double framesPerSecond = DefaultFramesPerSecond, Action<string>? log = null)
    {
        if (!(framesPerSecond > 0))
            throw new ArgumentOutOfRangeException(nameof(framesPerSecond), "must be positive");
        _createMapping = createMapping;
        _interval = (ulong)Math.Round(10_000_000 / framesPerSecond);
        _log = log;
    }

    /// <summary>The sink that feeds OBS's virtual camera; Windows only.</summary>
    public static ObsVirtualCameraSink Open(double framesPerSecond = DefaultFramesPerSecond, Action<string>? log = null)
    {
        if (!OperatingSystem.IsWindows())
            throw new LiveStyleException("The OBS virtual camera exists on Windows only. On Linux, use a v4l2loopback device.");
        if (!FilterInstalled())
            log?.Invoke("virtual camera: the OBS Virtual Camera filter does not look registered; install OBS Studio (26.1 or later) so programs can see the camera");
        return new ObsVirtualCameraSink(CreateNamedMapping, framesPerSecond, log);
    }

    public string Name => "OBS virtual camera";

    /// <summary>The queue's layout once the first frame has set it up.</summary>
    public ObsQueueLayout? Layout => _queue?.Layout;

    public void Write(StylizedFrame frame)
    {
        var source = frame.Stylized;
        if (source.Empty() || source.Type() != MatType.CV_8UC3)
            throw new ArgumentException($"expected an 8-bit BGR frame, got {source.Type()} {source.Width}×{source.Height}");
        var queue = _queue ?? Start(source.Width, source.Height);
        var size = _fitter!.Size;
        var pixels = _fitter.Fit(source, out var stride);
        YuvConversion.BgrToNv12(pixels, size.Width, size.Height, stride, _nv12);
        queue.Write(_nv12, Nanoseconds(frame.CapturedAt));
    }

    public void Complete() => _queue?.Stop();

    public void Dispose()
    {
        _queue?.Dispose();
        _view?.Dispose();
        _mapping?.Dispose();
        _fitter?.Dispose();
    }

    private ObsVirtualCamQueue Start(int sourceWidth, int sourceHeight)
    {
        var width = sourceWidth & ~1;
        var height = sourceHeight & ~1;
        if (width < 2 || height < 2)
            throw new LiveStyleException($"A {sourceWidth}×{sourceHeight} frame is too small for the virtual camera.");
        var layout = new ObsQueueLayout(width, height);
        _mapping = _createMapping(layout.TotalSize);
        _view = _mapping.CreateViewAccessor(0, layout.TotalSize, MemoryMappedFileAccess.ReadWrite);
        _queue = new ObsVirtualCamQueue(_view, width, height, _interval);
        _fitter = new FrameFitter(new Size(width, height), _log);
        _nv12 = new byte[layout.FrameBytes];
        _log?.Invoke($"virtual camera: OBS Virtual Camera at {width}×{height}, {10_000_000.0 / _interval:0.##} fps");
        return _queue;
    }

    /// <summary>Stopwatch ticks → nanoseconds, the unit OBS stamps its frames with.</summary>
    private static ulong Nanoseconds(long ticks) =>
        ticks <= 0 ? 0 : (ulong)((UInt128)(ulong)ticks * 1_000_000_000 / (ulong)Stopwatch.Frequency);

    [SupportedOSPlatform("windows")]
    private static MemoryMappedFile CreateNamedMapping(long capacity)
    {
        try
        {
            return MemoryMappedFile.CreateNew(ObsVirtualCamQueue.MappingName, capacity, MemoryMappedFileAccess.ReadWrite);
        }
        catch (IOException e)
        {
            throw new LiveStyleException(
                "The OBS virtual camera is already fed by another program (is OBS Studio's own Virtual Camera started?). " +
                "Stop it in OBS, then start this one again.", e);
        }
    }

    [SupportedOSPlatform("windows")]
    private static bool FilterInstalled()
    {
        using var key = Registry.ClassesRoot.OpenSubKey($@"CLSID\{FilterClsid}");
        return key is not null;
    }
}
