using System.Net;

namespace LiveStyle.Core.Sinks.Stream;

/// <summary>Settings of the MJPEG stream; the defaults suit a browser or OBS on the same machine.</summary>
public sealed record MjpegStreamOptions
{
    /// <summary>Where to listen; loopback by default, so nothing outside this machine can watch.</summary>
    public IPAddress Address { get; init; } = IPAddress.Loopback;

    /// <summary>JPEG quality, 1 to 100.</summary>
    public int JpegQuality { get; init; } = 80;

    /// <summary>
    /// A client whose socket takes longer than this to accept one frame is disconnected and counted
    /// as dropped: it is not reading, and its frames would only pile up in the kernel.
    /// </summary>
    public TimeSpan WriteTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long a new connection may take to send its whole request head (however it trickles).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Connections served at once; more are answered 503.</summary>
    public int MaxClients { get; init; } = 16;

    /// <summary>
    /// Kernel send buffer per client in bytes, 0 for the system default. A smaller buffer holds fewer
    /// stale frames for a slow client and makes a stalled one noticed sooner.
    /// </summary>
    public int SendBufferSize { get; init; }

    /// <summary>
    /// When set, every /stream client gets frames at this steady rate on its own clock: the newest
    /// stylized frame, repeated while no new one has come (as a camera does; what OBS and recorders
    /// expect). Unset: each new stylized frame once, as soon as the client can take it.
    /// </summary>
    public double? FramesPerSecond { get; init; }

    /// <summary>Largest request head (request line and headers) accepted, in bytes.</summary>
    public int MaxRequestHeadBytes { get; init; } = 8192;

    internal void Validate()
    {
        if (JpegQuality is < 1 or > 100) throw new LiveStyleException($"JPEG quality {JpegQuality} is out of range: use 1 to 100");
        if (WriteTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(WriteTimeout), "the write timeout must be positive");
        if (RequestTimeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(RequestTimeout), "the request timeout must be positive");
        if (MaxClients < 1) throw new ArgumentOutOfRangeException(nameof(MaxClients), "at least one client must be allowed");
        if (SendBufferSize < 0) throw new ArgumentOutOfRangeException(nameof(SendBufferSize), "the send buffer size cannot be negative");
        if (FramesPerSecond is { } fps && !(fps >= 1 && fps <= 120)) throw new LiveStyleException($"the stream's frame rate {fps} is out of range: use 1 to 120");
        if (MaxRequestHeadBytes < 256) throw new ArgumentOutOfRangeException(nameof(MaxRequestHeadBytes), "allow at least 256 bytes of request head");
    }
}
