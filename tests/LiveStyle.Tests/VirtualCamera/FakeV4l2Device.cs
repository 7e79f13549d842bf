using LiveStyle.Core.Sinks.VirtualCamera;

namespace LiveStyle.Tests.VirtualCamera;

/// <summary>Stands in for a kernel video device: records what the sink asks of it and answers like v4l2loopback.</summary>
public sealed class FakeV4l2Device(string path = "/dev/video10") : IV4l2Device
{
    public string Path { get; } = path;
    public V4l2DeviceInfo Info { get; set; } = new(V4l2Constants.LoopbackDriver, "LiveStyle", 0x85208003, V4l2Constants.CapVideoOutput);

    public List<V4l2Format> FormatRequests { get; } = [];
    /// <summary>Lets a test play a driver that adjusts the format.</summary>
    public Func<V4l2Format, V4l2Format> Driver { get; set; } = f => f;
    public int? SetFormatErrno { get; set; }

    /// <summary>Every frame written, in order (locked: the virtual camera writes from its own clock thread).</summary>
    public List<byte[]> Frames { get; } = [];
    /// <summary>Stopwatch time of each write.</summary>
    public List<long> WriteTimes { get; } = [];
    /// <summary>Keeps only the first this many frames' bytes (a rate test writes hundreds); later entries are empty.</summary>
    public int KeepFrames { get; set; } = int.MaxValue;
    public int? WriteErrno { get; set; }
    /// <summary>Bytes a write takes; null: all of them.</summary>
    public int? WriteLimit { get; set; }

    public bool Disposed { get; private set; }

    public int FrameCount
    {
        get { lock (Frames) return Frames.Count; }
    }

    /// <summary>A copy of frame <paramref name="index"/>, taken under the lock.</summary>
    public byte[] Frame(int index)
    {
        lock (Frames) return Frames[index];
    }

    public V4l2DeviceInfo QueryCapability() => Info;

    // The capture modes a camera driver would list: formats in order, per format its size entries,
    // per (format, width, height) its interval entries, answered like VIDIOC_ENUM_* (false past the end).
    private readonly List<(uint Fourcc, string Description)> _formats = [];
    private readonly Dictionary<uint, List<V4l2FrameSizeEnum>> _sizes = [];
    private readonly Dictionary<(uint, uint, uint), List<V4l2FrameIntervalEnum>> _intervals = [];

    /// <summary>Makes this a webcam (capture capability) with the given card name.</summary>
    public static FakeV4l2Device Camera(string path, string card, string driver = "uvcvideo") =>
        new(path) { Info = new V4l2DeviceInfo(driver, card, V4l2Constants.CapDeviceCaps | V4l2Constants.CapVideoCapture, V4l2Constants.CapVideoCapture) };

    /// <summary>Adds a discrete size of a format (the format too, the first time) with discrete frame rates.</summary>
    public FakeV4l2Device WithMode(string fourcc, string description, uint width, uint height, params double[] framesPerSecond)
    {
        var code = V4l2Constants.Fourcc(fourcc[0], fourcc[1], fourcc[2], fourcc[3]);
        if (!_formats.Any(f => f.Fourcc == code)) _formats.Add((code, description));
        Sizes(code).Add(new V4l2FrameSizeEnum { PixelFormat = code, Type = V4l2FrameSizeEnum.TypeDiscrete, Width = width, Height = height });
        Intervals(code, width, height).AddRange(framesPerSecond.Select(fps => new V4l2FrameIntervalEnum
        {
            PixelFormat = code, Width = width, Height = height, Type = V4l2FrameIntervalEnum.TypeDiscrete,
            Numerator = 1000, Denominator = (uint)Math.Round(fps * 1000),
        }));
        return this;
    }

    /// <summary>A format whose sizes are one stepwise range, every size at a continuous rate range.</summary>
    public FakeV4l2Device WithStepwiseFormat(string fourcc, string description, V4l2FrameSizeEnum range, double minFps, double maxFps)
    {
        var code = V4l2Constants.Fourcc(fourcc[0], fourcc[1], fourcc[2], fourcc[3]);
        _formats.Add((code, description));
        range.PixelFormat = code;
        range.Type = V4l2FrameSizeEnum.TypeStepwise;
        Sizes(code).Add(range);
        ContinuousRates = (code, minFps, maxFps);
        return this;
    }

    private (uint Fourcc, double Min, double Max)? ContinuousRates { get; set; }

    private List<V4l2FrameSizeEnum> Sizes(uint code) => _sizes.TryGetValue(code, out var list) ? list : _sizes[code] = [];

    private List<V4l2FrameIntervalEnum> Intervals(uint code, uint w, uint h) =>
        _intervals.TryGetValue((code, w, h), out var list) ? list : _intervals[(code, w, h)] = [];

    public bool EnumerateFormat(ref V4l2FormatDescription description)
    {
        if (description.Type != V4l2Constants.BufferTypeVideoCapture || description.Index >= _formats.Count) return false;
        var (code, text) = _formats[(int)description.Index];
        description.PixelFormat = code;
        description.SetDescription(text);
        return true;
    }

    public bool EnumerateFrameSize(ref V4l2FrameSizeEnum size)
    {
        if (!_sizes.TryGetValue(size.PixelFormat, out var list) || size.Index >= list.Count) return false;
        var index = size.Index;
        size = list[(int)index];
        size.Index = index;
        return true;
    }

    public bool EnumerateFrameInterval(ref V4l2FrameIntervalEnum interval)
    {
        if (ContinuousRates is { } rates && rates.Fourcc == interval.PixelFormat)
        {
            if (interval.Index > 0) return false;
            interval.Type = V4l2FrameIntervalEnum.TypeContinuous;
            (interval.MinNumerator, interval.MinDenominator) = (1000, (uint)(rates.Max * 1000));
            (interval.MaxNumerator, interval.MaxDenominator) = (1000, (uint)(rates.Min * 1000));
            (interval.StepNumerator, interval.StepDenominator) = (1, 1);
            return true;
        }
        if (!_intervals.TryGetValue((interval.PixelFormat, interval.Width, interval.Height), out var list) || interval.Index >= list.Count) return false;
        var index = interval.Index;
        interval = list[(int)index];
        interval.Index = index;
        return true;
    }

    public void SetFormat(ref V4l2Format format)
    {
        FormatRequests.Add(format);
        if (SetFormatErrno is { } errno)
            throw new V4l2Exception("VIDIOC_S_FMT", Path, errno);
        format = Driver(format);
    }

    public int Write(ReadOnlySpan<byte> frame)
    {
        if (WriteErrno is { } errno)
            throw new V4l2Exception("write", Path, errno);
        lock (Frames)
        {
            Frames.Add(Frames.Count < KeepFrames ? frame.ToArray() : []);
            WriteTimes.Add(System.Diagnostics.Stopwatch.GetTimestamp());
        }
        return Math.Min(frame.Length, WriteLimit ?? frame.Length);
    }

    public void Dispose() => Disposed = true;
}
