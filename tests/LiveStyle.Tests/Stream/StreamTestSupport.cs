using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using LiveStyle.Core.Frames;
using LiveStyle.Core.Sinks.Stream;
using NUnit.Framework;
using OpenCvSharp;

namespace LiveStyle.Tests.Stream;

/// <summary>Frames for the stream tests: solid colours that survive JPEG, or noise that compresses badly.</summary>
internal static class StreamFrames
{
    public static readonly Scalar[] Palette = [new(255, 0, 0), new(0, 255, 0), new(0, 0, 255)];

    public static StylizedFrame Solid(Scalar bgr, int width = 160, int height = 120)
    {
        var frame = new StylizedFrame();
        frame.Stylized.Create(height, width, MatType.CV_8UC3);
        frame.Stylized.SetTo(bgr);
        return frame;
    }

    public static StylizedFrame Noise(int width, int height, int seed)
    {
        var frame = new StylizedFrame();
        frame.Stylized.Create(height, width, MatType.CV_8UC3);
        Cv2.SetTheRNG((ulong)seed + 1);
        Cv2.Randu(frame.Stylized, Scalar.All(0), Scalar.All(256));
        return frame;
    }

    /// <summary>The palette index of a decoded solid frame, checked to be close to that colour.</summary>
    public static int PaletteIndex(Mat decoded)
    {
        var mean = Cv2.Mean(decoded);
        for (var i = 0; i < Palette.Length; i++)
        {
            var c = Palette[i];
            if (Math.Abs(mean.Val0 - c.Val0) < 12 && Math.Abs(mean.Val1 - c.Val1) < 12 && Math.Abs(mean.Val2 - c.Val2) < 12) return i;
        }
        Assert.Fail($"decoded frame has mean colour {mean}, which is none of the palette");
        return -1;
    }
}

/// <summary>
/// Writes frames to a sink on a background thread, like the sink runner does, until disposed or
/// a time limit passes; records how long each Write took.
/// </summary>
internal sealed class FrameFeeder : IDisposable
{
    private readonly MjpegStreamSink _sink;
    private readonly StylizedFrame[] _frames;
    private readonly TimeSpan _interval;
    private readonly Thread _thread;
    private volatile bool _stop;
    private long _maxWriteTicks;

    public FrameFeeder(MjpegStreamSink sink, StylizedFrame[] frames, TimeSpan interval, double limitSeconds = 8)
    {
        _sink = sink;
        _frames = frames;
        _interval = interval;
        _thread = new Thread(() => Run(limitSeconds)) { IsBackground = true, Name = "test feeder" };
        _thread.Start();
    }

    /// <summary>What stopped the feeder early, if anything (kept rather than crashing the test host).</summary>
    public Exception? Error { get; private set; }
    public double MaxWriteMilliseconds => Interlocked.Read(ref _maxWriteTicks) * 1000.0 / Stopwatch.Frequency;

    private void Run(double limitSeconds)
    {
        try { Feed(limitSeconds); }
        catch (Exception e) { Error = e; }
    }

    private void Feed(double limitSeconds)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; !_stop && clock.Elapsed.TotalSeconds < limitSeconds; i++)
        {
            var frame = _frames[i % _frames.Length];
            frame.Sequence = i + 1;
            var started = Stopwatch.GetTimestamp();
            _sink.Write(frame);
            var took = Stopwatch.GetTimestamp() - started;
            if (took > _maxWriteTicks) Interlocked.Exchange(ref _maxWriteTicks, took);
            Thread.Sleep(_interval);
        }
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join(TimeSpan.FromSeconds(2));
    }
}

/// <summary>Reads the parts of a multipart/x-mixed-replace body, checking each part's framing.</summary>
internal sealed class MultipartJpegReader(System.IO.Stream body, string boundary)
{
    private readonly BufferedStream _body = new(body, 64 * 1024);

    public byte[] ReadPart()
    {
        string line;
        do line = ReadLine(); while (line.Length == 0);
        Assert.That(line, Is.EqualTo("--" + boundary), "boundary line");
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while ((line = ReadLine()).Length > 0)
        {
            var colon = line.IndexOf(':');
            Assert.That(colon, Is.GreaterThan(0), $"part header line '{line}'");
            headers[line[..colon]] = line[(colon + 1)..].Trim();
        }
        Assert.That(headers["Content-Type"], Is.EqualTo("image/jpeg"));
        var jpeg = new byte[int.Parse(headers["Content-Length"])];
        _body.ReadExactly(jpeg);
        return jpeg;
    }

    private string ReadLine()
    {
        var line = new StringBuilder();
        while (true)
        {
            var b = _body.ReadByte();
            if (b < 0) throw new EndOfStreamException("the stream ended");
            if (b == '\n') return line.ToString().TrimEnd('\r');
            line.Append((char)b);
            if (line.Length > 1000) Assert.Fail("line longer than 1000 bytes in the multipart body");
        }
    }
}

/// <summary>A plain-socket HTTP exchange: sends raw bytes and reads the whole response (the server closes after it).</summary>
internal sealed record RawResponse(string StatusLine, Dictionary<string, string> Headers, byte[] Body)
{
    public static RawResponse Get(int port, string path) =>
        Exchange(port, $"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n");

    public static RawResponse Exchange(int port, string request)
    {
        using var client = Connect(port);
        client.GetStream().Write(Encoding.ASCII.GetBytes(request));
        var all = new MemoryStream();
        client.GetStream().CopyTo(all);
        return Parse(all.ToArray());
    }

    public static TcpClient Connect(int port, int receiveBufferSize = 0)
    {
        var client = new TcpClient(System.Net.Sockets.AddressFamily.InterNetwork) { ReceiveTimeout = 3000, SendTimeout = 3000 };
        if (receiveBufferSize > 0) client.ReceiveBufferSize = receiveBufferSize;
        client.Connect(System.Net.IPAddress.Loopback, port);
        return client;
    }

    /// <summary>Reads a response head from <paramref name="stream"/> byte by byte, leaving the body unread.</summary>
    public static (string StatusLine, Dictionary<string, string> Headers) ReadHead(System.IO.Stream stream)
    {
        var head = new List<byte>();
        while (head.Count < 4 || !(head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            var b = stream.ReadByte();
            if (b < 0) throw new EndOfStreamException("the response head ended early");
            head.Add((byte)b);
            if (head.Count > 4096) Assert.Fail("response head longer than 4096 bytes");
        }
        return ParseHead(Encoding.ASCII.GetString(head.ToArray()));
    }

    private static RawResponse Parse(byte[] response)
    {
        var end = response.AsSpan().IndexOf("\r\n\r\n"u8);
        Assert.That(end, Is.GreaterThan(0), "the response has a head");
        var (status, headers) = ParseHead(Encoding.ASCII.GetString(response, 0, end + 4));
        var body = response[(end + 4)..];
        if (headers.TryGetValue("Content-Length", out var length)) Assert.That(body, Has.Length.EqualTo(int.Parse(length)), "Content-Length");
        return new RawResponse(status, headers, body);
    }

    private static (string, Dictionary<string, string>) ParseHead(string head)
    {
        var lines = head.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            headers[line[..colon]] = line[(colon + 1)..].Trim();
        }
        return (lines[0], headers);
    }
}
