using System.Diagnostics;
using LiveStyle.Core.Frames;
using OpenCvSharp;

namespace LiveStyle.Core.Sinks.Recording;

/// <summary>
/// Records the stylized view to a video file that lasts as long as the recording did, however
/// fast inference runs. Through ffmpeg (the usual case) each stylized frame is encoded once and
/// ffmpeg stamps it with its time (variable frame rate; AVI gets ffmpeg's constant rate); at most
/// one frame per 1/fps slot is kept (the rest are counted as skipped). Without ffmpeg, OpenCV's
/// writer runs at a constant rate and frames are repeated to fill it.
/// Disk space is checked before every frame against a reserve scaled to the volume; when it runs
/// out, or a write fails, the recording stops there: nothing more is written, the file is
/// finalized as it is, and <see cref="Outcome"/> says what was kept. A recording that kept no
/// frame leaves no file behind.
/// </summary>
public sealed class VideoRecorderSink : IFrameSink, IReportsStatistics
{
    /// <summary>The reserve is this share of the volume, between <see cref="MinimumReserveBytes"/> and <see cref="MaximumReserveBytes"/>.</summary>
    public const double ReserveShare = 0.05;
    public const long MinimumReserveBytes = 256L * 1024;
    public const long MaximumReserveBytes = 64L * 1024 * 1024;

    private readonly string _path;
    private readonly RecordingFormat _format;
    private readonly double _fps;
    private readonly long _start;
    private readonly Func<string, DiskSpace> _diskSpace;
    private readonly long _reserveBytes;
    private IVideoEncoder? _encoder;
    private FfmpegPipeEncoder? _timed;   // _encoder when it takes timestamps (the ffmpeg path)
    private Mat? _last;
    private Mat? _resized;
    private Size _frameSize;
    private long _lastSlot = -1;
    private long _firstFrameAt, _lastWriteAt, _lastFrameEnd;
    private bool _failed;
    private bool _completed;

    /// <param name="diskSpace">Free and total bytes of the volume holding a path (tests simulate a volume with it).</param>
    public VideoRecorderSink(string path, VideoCodec codec, double fps, Func<string, DiskSpace>? diskSpace = null)
    {
        if (!(fps > 0 && fps <= 240)) throw new LiveStyleException($"recording frame rate {fps} is not between 0 and 240");
        _path = Path.GetFullPath(path);
        _format = RecordingFormat.For(path, codec, FfmpegPipeEncoder.IsAvailable);
        _fps = fps;
        _diskSpace = diskSpace ?? DiskSpace.Watch(_path);
        CheckWritable();
        var space = _diskSpace(_path);
        _reserveBytes = ReserveFor(space.Total);
        if (space.Free < _reserveBytes)
        {
            DeleteStub();
            throw new LiveStyleException($"cannot record to {_path}: its disk is full ({Megabytes(space.Free)} free, {Megabytes(_reserveBytes)} kept in reserve)");
        }
        _start = Stopwatch.GetTimestamp();
    }

    public string Name => $"recording {Path.GetFileName(_path)}";
    public string PathName => _path;
    public RecordingFormat Format => _format;
    /// <summary>Bytes left free on the volume: the recording stops before eating into them.</summary>
    public long ReserveBytes => _reserveBytes;
    /// <summary>Frames encoded into the file (repeats included on the OpenCV path).</summary>
    public long FramesWritten { get; private set; }
    /// <summary>Extra copies written to keep a constant rate (OpenCV path only; ffmpeg stamps frames instead).</summary>
    public long FramesRepeated { get; private set; }
    /// <summary>Frames skipped because the file already had a frame for their 1/fps slot.</summary>
    public long FramesSkipped { get; private set; }
    /// <summary>After <see cref="Complete"/>: what the file holds, or that nothing was kept.</summary>
    public string Outcome { get; private set; } = "";

    public string Statistics =>
        $"{FramesWritten} frames in the file ({(_format.UseFfmpeg ? "each stylized frame once" : $"{FramesRepeated} repeated")}, {FramesSkipped} skipped above {_fps:0.##} fps)" +
        (Outcome.Length > 0 ? $"; {Outcome}" : "");

    public void Write(StylizedFrame frame)
    {
        if (_completed || _failed || frame.Passthrough) return;
        try
        {
            WriteFrame(frame.Stylized, frame.CapturedAt);
        }
        catch
        {
            _failed = true;   // nothing more is written, and Complete pads nothing
            throw;
        }
    }

    /// <param name="shownAt">When the frame was captured (Stopwatch ticks): its time in the file.</param>
    private void WriteFrame(Mat image, long shownAt)
    {
        CheckDisk();
        if (FramesWritten == 0) _firstFrameAt = shownAt;
        var slot = SlotAt(shownAt);
        if (slot <= _lastSlot)
        {
            FramesSkipped++;
            return;
        }
        _encoder ??= Open(image.Cols, image.Rows);
        var sized = FitToFirstSize(image);
        if (_timed is not null)
        {
            // Each frame once, with its time.
            _timed.WriteAt(sized, Milliseconds(shownAt));
            FramesWritten++;
        }
        else
        {
            // OpenCV's constant rate: fill the slots since the last frame with this one.
            var copies = slot - _lastSlot;
            for (var i = 0; i < copies; i++) _encoder.Write(sized);
            FramesWritten += copies;
            FramesRepeated += copies - 1;
        }
        _lastWriteAt = Stopwatch.GetTimestamp();
        _lastSlot = slot;
        _last ??= new Mat();
        sized.CopyTo(_last);
    }

    public void Complete()
    {
        if (_completed) return;
        _completed = true;
        if (_encoder is null)
        {
            DeleteStub();
            Outcome = $"nothing recorded, no file left at {_path}";
            return;
        }
        try
        {
            // Unless the recording failed, the last frame lasts until the stop: through ffmpeg one more
            // copy stamped now; at OpenCV's constant rate as many copies as slots passed.
            _lastFrameEnd = Stopwatch.GetTimestamp();
            var slot = SlotAt(_lastFrameEnd);
            if (!_failed && _last is not null && slot > _lastSlot)
            {
                if (_timed is not null)
                {
                    _timed.WriteAt(_last, Milliseconds(_lastFrameEnd));
                    FramesWritten++;
                    FramesRepeated++;
                }
                else
                {
                    for (; _lastSlot < slot; _lastSlot++, FramesWritten++, FramesRepeated++) _encoder.Write(_last);
                }
            }
        }
        finally
        {
            _encoder.Close();
        }
        var seconds = Stopwatch.GetElapsedTime(_firstFrameAt, _failed ? _lastWriteAt : _lastFrameEnd).TotalSeconds;
        Outcome = $"{(_failed ? "stopped early; " : "")}{FramesWritten} frames, {seconds:F1} s kept in {_path} ({Megabytes(FileSize())})";
    }

    private long SlotAt(long ticks) => (long)Math.Floor(Stopwatch.GetElapsedTime(_start, ticks).TotalSeconds * _fps);

    private long Milliseconds(long ticks) => (long)Stopwatch.GetElapsedTime(_firstFrameAt, ticks).TotalMilliseconds;

    private IVideoEncoder Open(int width, int height)
    {
        // Most codecs need even sides; the first frame's size (rounded down to even) is the file's size.
        width &= ~1;
        height &= ~1;
        _frameSize = new Size(width, height);
        if (!_format.UseFfmpeg) return new OpenCvVideoEncoder(_path, _format.Codec, _fps, width, height);
        _timed = new FfmpegPipeEncoder(_path, _format.Codec, _fps, width, height, liveTimestamps: true);
        return _timed;
    }

    private Mat FitToFirstSize(Mat image)
    {
        if (image.Cols == _frameSize.Width && image.Rows == _frameSize.Height) return image;
        _resized ??= new Mat();
        Cv2.Resize(image, _resized, _frameSize, 0, 0, InterpolationFlags.Area);
        return _resized;
    }

    /// <summary>Stops before the volume's reserve is touched, so the encoder can still finalize the file.</summary>
    private void CheckDisk()
    {
        var free = _diskSpace(_path).Free;
        if (free < _reserveBytes)
            throw new LiveStyleException($"the disk holding {_path} is full ({Megabytes(free)} free, {Megabytes(_reserveBytes)} kept in reserve): recording stopped, the file so far is kept");
    }

    /// <summary>5 % of the volume, at least 256 KB and at most 64 MB: enough for the encoder's last writes and the container's index.</summary>
    public static long ReserveFor(long volumeBytes) =>
        Math.Clamp((long)(volumeBytes * ReserveShare), MinimumReserveBytes, MaximumReserveBytes);

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

    private void DeleteStub()
    {
        try { File.Delete(_path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* left as it is; the log names the file */ }
    }

    private long FileSize()
    {
        try { return new FileInfo(_path).Length; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return 0; }
    }

    private static string Megabytes(long bytes) => $"{bytes / (1024.0 * 1024):0.#} MB";

    public void Dispose()
    {
        _encoder?.Dispose();
        _last?.Dispose();
        _resized?.Dispose();
    }
}

/// <summary>Free and total bytes of the volume holding a path.</summary>
public readonly record struct DiskSpace(long Free, long Total)
{
    private static readonly DiskSpace Unknown = new(long.MaxValue, long.MaxValue);

    /// <summary>The volume holding <paramref name="path"/>'s folder; unknown counts as plenty.</summary>
    public static DiskSpace Of(string path) => Of(VolumeOf(path));

    /// <summary>A function reading the current space of the volume holding <paramref name="path"/> (found once).</summary>
    public static Func<string, DiskSpace> Watch(string path)
    {
        var drive = VolumeOf(path);
        return _ => Of(drive);
    }

    private static DiskSpace Of(DriveInfo? drive)
    {
        if (drive is null) return Unknown;
        try
        {
            return new DiskSpace(drive.AvailableFreeSpace, drive.TotalSize);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Unknown;
        }
    }

    /// <summary>The mounted volume whose root is the longest prefix of the path's folder (a small tmpfs inside /tmp is itself).</summary>
    private static DriveInfo? VolumeOf(string path)
    {
        try
        {
            var directory = Path.GetFullPath(Path.GetDirectoryName(Path.GetFullPath(path))!);
            var separator = Path.DirectorySeparatorChar.ToString();
            return DriveInfo.GetDrives()
                .Where(d => d.IsReady && (directory + separator).StartsWith(d.RootDirectory.FullName.TrimEnd(Path.DirectorySeparatorChar) + separator,
                    OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal))
                .MaxBy(d => d.RootDirectory.FullName.Length);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
