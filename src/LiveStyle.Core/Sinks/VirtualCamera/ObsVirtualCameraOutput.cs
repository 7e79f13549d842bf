using System.IO.MemoryMappedFiles;
using System.Runtime.Versioning;
using Microsoft.Win32;
using OpenCvSharp;

namespace LiveStyle.Core.Sinks.VirtualCamera;

/// <summary>
/// Feeds the "OBS Virtual Camera" device that OBS Studio installs on Windows: this program takes OBS's
/// place as the producer of the shared-memory NV12 queue the camera's DirectShow filter reads. The
/// queue is made, at its fixed size, when this is opened.
/// </summary>
public sealed class ObsVirtualCameraOutput : IVirtualCameraOutput
{
    public const double DefaultFramesPerSecond = 30;
    /// <summary>The CLSID OBS's release builds register the filter under.</summary>
    public const string FilterClsid = "{A3FCE0F5-3493-419F-958A-ABA1250EC20B}";

    private readonly MemoryMappedFile _mapping;
    private readonly MemoryMappedViewAccessor _view;
    private readonly ObsVirtualCamQueue _queue;

    /// <param name="createMapping">Makes the shared memory of the given size (a test passes a file-backed one).</param>
    /// <param name="size">The picture size; odd sides lose a pixel.</param>
    /// <param name="framesPerSecond">The rate announced to the camera's readers.</param>
    public ObsVirtualCameraOutput(Func<long, MemoryMappedFile> createMapping, Size size, double framesPerSecond = DefaultFramesPerSecond, Action<string>? log = null)
    {
        if (!(framesPerSecond > 0))
            throw new ArgumentOutOfRangeException(nameof(framesPerSecond), "must be positive");
        var width = size.Width & ~1;
        var height = size.Height & ~1;
        if (width < 2 || height < 2)
            throw new LiveStyleException($"{size.Width}×{size.Height} is too small for the virtual camera.");
        Size = new Size(width, height);
        var interval = (ulong)Math.Round(10_000_000 / framesPerSecond);
        var layout = new ObsQueueLayout(width, height);
        _mapping = createMapping(layout.TotalSize);
        _view = _mapping.CreateViewAccessor(0, layout.TotalSize, MemoryMappedFileAccess.ReadWrite);
        _queue = new ObsVirtualCamQueue(_view, width, height, interval);
        log?.Invoke($"virtual camera: OBS Virtual Camera at {width}×{height}, {10_000_000.0 / interval:0.##} fps");
    }

    /// <summary>The output that feeds OBS's virtual camera; Windows only.</summary>
    public static ObsVirtualCameraOutput Open(Size size, double framesPerSecond = DefaultFramesPerSecond, Action<string>? log = null)
    {
        if (!OperatingSystem.IsWindows())
            throw new LiveStyleException("The OBS virtual camera exists on Windows only. On Linux, use a v4l2loopback device.");
        if (!FilterInstalled())
            log?.Invoke("virtual camera: the OBS Virtual Camera filter does not look registered; install OBS Studio (26.1 or later) so programs can see the camera");
        return new ObsVirtualCameraOutput(CreateNamedMapping, size, framesPerSecond, log);
    }

    public string Name => "OBS virtual camera";
    public Size Size { get; }
    public VirtualCameraFormat Format => VirtualCameraFormat.Nv12;
    public ObsQueueLayout Layout => _queue.Layout;

    public void Write(ReadOnlySpan<byte> frame, ulong timestampNanoseconds) => _queue.Write(frame, timestampNanoseconds);

    public void Stop() => _queue.Stop();

    public void Dispose()
    {
        _queue.Dispose();
        _view.Dispose();
        _mapping.Dispose();
    }

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
