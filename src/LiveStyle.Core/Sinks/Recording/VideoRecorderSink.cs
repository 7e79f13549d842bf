using System.Diagnostics;
using LiveStyle.Core.Frames;
using OpenCvSharp;

namespace LiveStyle.Core.Sinks.Recording;

/// <summary>
/// Records the stylized view to a video file at a fixed frame rate whose duration matches the
/// wall clock however fast inference runs: each frame is written as many times as the file's
/// rate asks for until the next one arrives (repeated), or not at all when the file already has
/// a frame for that instant (dropped); both are counted. Stopping pads the file up to the stop
/// time. A full disk or a failed write stops the recording with a message; what was written
/// stays playable.
/// </summary>
public sealed class VideoRecorderSink : IFrameSink, IReportsStatistics
{
    private const long MinimumFreeBytes = 64L * 1024 * 1024;
    private static readonly TimeSpan DiskCheckInterval = TimeSpan.FromSeconds(1);

    private readonly string _path;
    private readonly RecordingFormat _format;
    private readonly double _fps;
    private readonly long _start;
    private readonly Func<string, long> _freeBytes;
    private IVideoEncoder? _encoder;
    private Mat? _last;
    private Mat? _resized;
    private long _lastDiskCheck;
    private Size _frameSize;
    private bool _completed;

    /// <param name="freeBytes">Free space of the disk holding a path (tests simulate a full disk with it).</param>
    public VideoRecorderSink(string path, VideoCodec codec, double fps, Func<string, long>? freeBytes = null)
    {
        if (!(fps > 0 && fps <= 240)) throw new LiveStyleException($"recording frame rate {fps} is not between 0 and 240");
        _path = Path.GetFullPath(path);
        _format = RecordingFormat.For(path, codec, FfmpegPipeEncoder.IsAvailable);
        _fps = fps;
        _freeBytes = freeBytes ?? FreeBytes;
        CheckWritable();
        _start = Stopwatch.GetTimestamp();
    }

    public string Name => $"recording {Path.GetFileName(_path)}";
    public string PathName => _path;
    public RecordingFormat Format => _format;
    public long FramesWritten { get; private set; }
    /// <summary>Extra copies written to keep the file's timing when inference is slower than the file's rate.</summary>
    public long FramesRepeated { get; private set; }
    /// <summary>Frames skipped because the file already had a frame for their instant.</summary>
    public long FramesSkipped { get; private set; }

    public string Statistics => $"{FramesWritten} frames in the file at {_fps:0.##} fps ({FramesRepeated} repeated, {FramesSkipped} skipped)";

    public void Write(StylizedFrame frame)
    {
        if (_completed) return;
        var image = frame.Stylized;
        _encoder ??= Open(image.Cols, image.Rows);
        CheckDisk();

        var due = FramesDueAt(Stopwatch.GetTimestamp());
        if (FramesWritten >= due)
        {
            FramesSkipped++;
            return;
        }
        var sized = FitToFirstSize(image);
        var copies = due - FramesWritten;
        for (var i = 0; i < copies; i++) _encoder.Write(sized);
        FramesWritten += copies;
        FramesRepeated += copies - 1;
        _last ??= new Mat();
        sized.CopyTo(_last);
    }

    public void Complete()
    {
        if (_completed) return;
        _completed = true;
        if (_encoder is null) return;
        try
        {
            // Pad to the stop time so the file lasts as long as the recording did.
            var due = FramesDueAt(Stopwatch.GetTimestamp());
            for (; FramesWritten < due && _last is not null; FramesWritten++, FramesRepeated++) _encoder.Write(_last);
        }
        finally
        {
            _encoder.Close();
        }
    }

    private long FramesDueAt(long now) => (long)Math.Floor(Stopwatch.GetElapsedTime(_start, now).TotalSeconds * _fps) + 1;

    private IVideoEncoder Open(int width, int height)
    {
        // Most codecs need even sides; the first frame's size (rounded down to even) is the file's size.
        width &= ~1;
        height &= ~1;
        _frameSize = new Size(width, height);
        return _format.UseFfmpeg
            ? new FfmpegPipeEncoder(_path, _format.Codec, _fps, width, height)
            : new OpenCvVideoEncoder(_path, _format.Codec, _fps, width, height);
    }

    private Mat FitToFirstSize(Mat image)
    {
        if (image.Cols == _frameSize.Width && image.Rows == _frameSize.Height) return image;
        _resized ??= new Mat();
        Cv2.Resize(image, _resized, _frameSize, 0, 0, InterpolationFlags.Area);
        return _resized;
    }

    private void CheckDisk()
    {
        if (Stopwatch.GetElapsedTime(_lastDiskCheck) < DiskCheckInterval) return;
        _lastDiskCheck = Stopwatch.GetTimestamp();
        var free = _freeBytes(_path);
        if (free < MinimumFreeBytes)
            throw new LiveStyleException($"the disk holding {_path} is full ({free / (1024 * 1024)} MB free): recording stopped, the file so far is kept");
    }

    private void CheckWritable()
    {
        var directory = Path.GetDirectoryName(_path)!;
        try
        {
            Directory.CreateDirectory(directory);
            using (File.Open(_path, FileMode.Create, FileAccess.Write)) { }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LiveStyleException($"cannot record to {_path}: {e.Message}. Choose a writable file with --record.", e);
        }
    }

    /// <summary>Free space of the file system holding the file's folder (unknown counts as plenty).</summary>
    private static long FreeBytes(string path)
    {
        try
        {
            var directory = Path.GetDirectoryName(path)!;
            var drive = DriveInfo.GetDrives()
                .Where(d => d.IsReady && directory.StartsWith(d.RootDirectory.FullName, StringComparison.OrdinalIgnoreCase))
                .MaxBy(d => d.RootDirectory.FullName.Length);
            return drive?.AvailableFreeSpace ?? long.MaxValue;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return long.MaxValue;
        }
    }

    public void Dispose()
    {
        _encoder?.Dispose();
        _last?.Dispose();
        _resized?.Dispose();
    }
}
