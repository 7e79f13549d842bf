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
