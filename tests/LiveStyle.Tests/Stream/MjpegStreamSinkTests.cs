using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using LiveStyle.Core;
using LiveStyle.Core.Frames;
using LiveStyle.Core.Sinks.Stream;
using NUnit.Framework;
using OpenCvSharp;

namespace LiveStyle.Tests.Stream;

/// <summary>The MJPEG stream served over real sockets on 127.0.0.1, read by HttpClient and by raw TCP clients.</summary>
[CancelAfter(20_000)]
public class MjpegStreamSinkTests
{
    private const string Boundary = "livestyle-frame";
    private readonly List<IDisposable> _owned = [];

    [TearDown]
    public void DisposeOwned()
    {
        for (var i = _owned.Count - 1; i >= 0; i--) _owned[i].Dispose();
        _owned.Clear();
        _log.Clear();
    }

    private T Own<T>(T item) where T : IDisposable
    {
        _owned.Add(item);
        return item;
    }

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _log = new();

    private MjpegStreamSink NewSink(MjpegStreamOptions? options = null) => Own(new MjpegStreamSink(0, options, _log.Enqueue));

    private StylizedFrame[] SolidFrames() => StreamFrames.Palette.Select(c => Own(StreamFrames.Solid(c))).ToArray();

    private static HttpClient NewHttpClient() => new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(5) };

    private static void WaitFor(Func<bool> condition, string what, double seconds = 4)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed.TotalSeconds > seconds) Assert.Fail($"timed out waiting for {what}");
            Thread.Sleep(5);
        }
    }

    private static Mat Decode(byte[] jpeg)
    {
        var image = Cv2.ImDecode(jpeg, ImreadModes.Color);
        Assert.That(image.Empty(), Is.False, "the part is a decodable JPEG");
        return image;
    }

    [Test]
    public async Task HttpClientReadsSeveralFramesFromTheStream()
    {
        var sink = NewSink();
        using var feeder = new FrameFeeder(sink, SolidFrames(), TimeSpan.FromMilliseconds(15));
        using var http = NewHttpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));

        using var response = await http.GetAsync($"http://127.0.0.1:{sink.Port}/stream", HttpCompletionOption.ResponseHeadersRead, timeout.Token);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType!.MediaType, Is.EqualTo("multipart/x-mixed-replace"));
        Assert.That(response.Content.Headers.ContentType.Parameters.Single().ToString(), Is.EqualTo($"boundary={Boundary}"));
        Assert.That(response.Headers.CacheControl!.NoCache, Is.True);
        Assert.That(response.Headers.ConnectionClose, Is.True);

        var reader = new MultipartJpegReader(await response.Content.ReadAsStreamAsync(timeout.Token), Boundary);
        var colours = new List<int>();
        for (var i = 0; i < 8; i++)
        {
            using var image = Decode(reader.ReadPart());
            Assert.That(image.Size(), Is.EqualTo(new OpenCvSharp.Size(160, 120)));
            colours.Add(StreamFrames.PaletteIndex(image));
        }
        Assert.That(colours.Distinct().Count(), Is.GreaterThanOrEqualTo(2), $"the picture changes between frames: {string.Join(",", colours)}");
        WaitFor(() => sink.Server.FramesSent >= 8, "the server to count the frames it sent");
    }

    [Test]
    public void RawTcpClientReadsTheStream()
    {
        var sink = NewSink();
        using var feeder = new FrameFeeder(sink, SolidFrames(), TimeSpan.FromMilliseconds(15));
        using var client = RawResponse.Connect(sink.Port);
        var stream = client.GetStream();

        // The head arrives in two pieces, split inside a header, as a slow client might send it.
        stream.Write("GET /stream HTTP/1.1\r\nHo"u8);
        Thread.Sleep(20);
        stream.Write("st: 127.0.0.1\r\n\r\n"u8);

        var (status, headers) = RawResponse.ReadHead(stream);
        Assert.That(status, Is.EqualTo("HTTP/1.1 200 OK"));
        Assert.That(headers["Content-Type"], Is.EqualTo($"multipart/x-mixed-replace; boundary={Boundary}"));
        Assert.That(headers["Cache-Control"], Is.EqualTo("no-cache"));
        Assert.That(headers["Connection"], Is.EqualTo("close"));
        var reader = new MultipartJpegReader(stream, Boundary);
        for (var i = 0; i < 4; i++)
        {
            using var image = Decode(reader.ReadPart());
            Assert.That(image.Size(), Is.EqualTo(new OpenCvSharp.Size(160, 120)));
            StreamFrames.PaletteIndex(image);
        }
    }

    [Test]
    public void AStreamWithAFrameRateRepeatsTheNewestFrameOnItsOwnClock()
    {
        // One stylized frame, then nothing (a paused view, or a slow network): the paced stream keeps
        // sending it at its rate; a stream without a rate sends it once.
        var paced = NewSink(new MjpegStreamOptions { FramesPerSecond = 20 });
        var plain = NewSink();
        using var pacedClient = RawResponse.Connect(paced.Port);
        using var plainClient = RawResponse.Connect(plain.Port);
        pacedClient.ReceiveTimeout = 2000;   // a stream that stopped repeating fails here instead of hanging the run
        var readers = new[] { (pacedClient, paced), (plainClient, plain) }.Select(c =>
        {
            var stream = c.Item1.GetStream();
            stream.Write("GET /stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"u8);
            Assert.That(RawResponse.ReadHead(stream).StatusLine, Is.EqualTo("HTTP/1.1 200 OK"));
            return new MultipartJpegReader(stream, Boundary);
        }).ToArray();
        WaitFor(() => paced.Server.ClientsConnected == 1 && plain.Server.ClientsConnected == 1, "both clients");
        paced.Write(StreamFrames.Solid(StreamFrames.Palette[0]));
        plain.Write(StreamFrames.Solid(StreamFrames.Palette[0]));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        var pacedParts = 0;
        while (clock.Elapsed < TimeSpan.FromSeconds(1.5))
        {
            using var image = Decode(readers[0].ReadPart());
            Assert.That(StreamFrames.PaletteIndex(image), Is.EqualTo(0), "the one frame, again");
            pacedParts++;
        }
        TestContext.Out.WriteLine($"paced at 20 fps: {pacedParts} parts in {clock.Elapsed.TotalSeconds:F2} s");
        Assert.That(pacedParts, Is.InRange(10, 40), "about 20 a second from a single stylized frame");

        paced.Write(StreamFrames.Solid(StreamFrames.Palette[1]));
        WaitFor(() => StreamFrames.PaletteIndex(Decode(readers[0].ReadPart())) == 1, "the new frame replaces the repeated one");

        using (var first = Decode(readers[1].ReadPart())) Assert.That(StreamFrames.PaletteIndex(first), Is.EqualTo(0));
        plainClient.ReceiveTimeout = 1000;
        Assert.Throws<IOException>(() => readers[1].ReadPart(), "without a rate, no frame comes twice");
    }

    [Test]
    public async Task TwoClientsAtOnceBothReceiveFrames()
    {
        var sink = NewSink();
        using var feeder = new FrameFeeder(sink, SolidFrames(), TimeSpan.FromMilliseconds(15));
        using var http = NewHttpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));

        async Task<MultipartJpegReader> Open()
        {
            var response = await http.GetAsync($"http://127.0.0.1:{sink.Port}/stream", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            Own(response);
            return new MultipartJpegReader(await response.Content.ReadAsStreamAsync(timeout.Token), Boundary);
        }
        var first = await Open();
        var second = await Open();
        WaitFor(() => sink.Server.ClientsConnected == 2, "two clients connected");

        int ReadFive(MultipartJpegReader reader)
        {
            var distinct = new HashSet<int>();
            for (var i = 0; i < 5; i++)
            {
                using var image = Decode(reader.ReadPart());
                distinct.Add(StreamFrames.PaletteIndex(image));
            }
            return distinct.Count;
        }
        var counts = await Task.WhenAll(Task.Run(() => ReadFive(first)), Task.Run(() => ReadFive(second)));

        Assert.That(counts, Has.All.GreaterThanOrEqualTo(2), "both clients see the picture change");
    }

    /// <summary>OBS's media source reads network video through FFmpeg, so FFmpeg must understand the stream.</summary>
    [Test]
    public void FfmpegDecodesTheStream()
    {
        var sink = NewSink();
        using var feeder = new FrameFeeder(sink, SolidFrames(), TimeSpan.FromMilliseconds(15));
        var start = new ProcessStartInfo("ffmpeg")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-hide_banner", "-loglevel", "error", "-i", $"http://127.0.0.1:{sink.Port}/stream",
                     "-frames:v", "4", "-f", "rawvideo", "-pix_fmt", "bgr24", "-" })
            start.ArgumentList.Add(arg);
        Process ffmpeg;
        try { ffmpeg = Process.Start(start)!; }
        catch (System.ComponentModel.Win32Exception) { Assert.Ignore("ffmpeg is not installed"); return; }
        using var _ = ffmpeg;

        var pixels = new MemoryStream();
        var copy = ffmpeg.StandardOutput.BaseStream.CopyToAsync(pixels);
        var errors = ffmpeg.StandardError.ReadToEndAsync();
        if (!ffmpeg.WaitForExit(5000))
        {
            ffmpeg.Kill();
            Assert.Fail("ffmpeg did not finish within 5 s");
        }
        copy.Wait(1000);

        Assert.That(ffmpeg.ExitCode, Is.EqualTo(0), errors.Result);
        Assert.That(pixels.Length, Is.EqualTo(4 * 160 * 120 * 3), "four 160x120 BGR frames");
        var colours = Enumerable.Range(0, 4).Select(i =>
        {
            using var image = Mat.FromPixelData(120, 160, MatType.CV_8UC3, pixels.GetBuffer().AsSpan(i * 160 * 120 * 3).ToArray());
            return StreamFrames.PaletteIndex(image);
        }).ToList();
        Assert.That(colours.Distinct().Count(), Is.GreaterThanOrEqualTo(2), string.Join(",", colours));
    }

    [Test]
    public void ClientThatNeverReadsIsDroppedWhileOthersKeepReceiving()
    {
        var sink = NewSink(new MjpegStreamOptions { WriteTimeout = TimeSpan.FromMilliseconds(500), SendBufferSize = 16 * 1024 });
        var noise = Enumerable.Range(0, 3).Select(i => Own(StreamFrames.Noise(320, 240, i))).ToArray();
        sink.Write(noise[0]); // loads OpenCV's encoder before anything is timed

        // The stalled client asks for the stream with a tiny receive window and never reads.
        using var stalled = RawResponse.Connect(sink.Port, receiveBufferSize: 4096);
        stalled.GetStream().Write(Encoding.ASCII.GetBytes($"GET /stream HTTP/1.1\r\nHost: 127.0.0.1:{sink.Port}\r\n\r\n"));
        using var reading = RawResponse.Connect(sink.Port);
        reading.GetStream().Write(Encoding.ASCII.GetBytes($"GET /stream HTTP/1.1\r\nHost: 127.0.0.1:{sink.Port}\r\n\r\n"));
        RawResponse.ReadHead(reading.GetStream());
        var reader = new MultipartJpegReader(reading.GetStream(), Boundary);
        WaitFor(() => sink.Server.ClientsConnected == 2, "both clients connected");

        var received = 0;
        var readerThread = new Thread(() =>
        {
            try
            {
                while (true)
                {
                    using var image = Decode(reader.ReadPart());
                    Assert.That(image.Size(), Is.EqualTo(new OpenCvSharp.Size(320, 240)));
                    Interlocked.Increment(ref received);
                }
            }
            catch (Exception e) when (e is IOException or EndOfStreamException or ObjectDisposedException) { /* the test is over */ }
        }) { IsBackground = true };
        readerThread.Start();

        using (var feeder = new FrameFeeder(sink, noise, TimeSpan.FromMilliseconds(10)))
        {
            WaitFor(() => sink.Server.ClientsDropped == 1, "the stalled client to be dropped", seconds: 5);
            var atDrop = Volatile.Read(ref received);
            WaitFor(() => Volatile.Read(ref received) >= atDrop + 5, "the reading client to keep receiving");
            Assert.That(feeder.MaxWriteMilliseconds, Is.LessThan(50), "Write never waits for a client");
            Assert.That(feeder.Error, Is.Null);
        }

        Assert.That(sink.Server.ClientsConnected, Is.EqualTo(1));
        TestContext.Out.WriteLine(string.Join("\n", _log));
        Assert.That(_log.Count(line => line.StartsWith("stream: dropped 127.0.0.1:")), Is.EqualTo(1));
        Assert.That(sink.Server.FramesSkipped, Is.GreaterThan(0), "the stalled client skipped frames before it was dropped");
        reading.Close();
        readerThread.Join(TimeSpan.FromSeconds(2));
    }

    [Test]
    public void ClientThatStopsReadingIsDroppedEvenWhenNoMoreFramesCome()
    {
        var sink = NewSink(new MjpegStreamOptions { WriteTimeout = TimeSpan.FromMilliseconds(300), SendBufferSize = 16 * 1024 });
        using var stalled = RawResponse.Connect(sink.Port, receiveBufferSize: 4096);
        stalled.GetStream().Write(Encoding.ASCII.GetBytes($"GET /stream HTTP/1.1\r\nHost: 127.0.0.1:{sink.Port}\r\n\r\n"));
        WaitFor(() => sink.Server.ClientsConnected == 1, "the client");

        // One large frame, then nothing: only the socket's own send timeout can notice the stall.
        using var noise = StreamFrames.Noise(640, 480, 7);
        sink.Write(noise);
        var clock = Stopwatch.StartNew();
        WaitFor(() => sink.Server.ClientsDropped == 1, "the stalled client to be dropped", seconds: 3);

        Assert.That(clock.ElapsedMilliseconds, Is.InRange(200, 2000));
        Assert.That(_log, Has.One.StartsWith("stream: dropped 127.0.0.1:").And.EndWith(": it accepted no data for 0.3 s"));
        WaitFor(() => sink.Server.ClientsConnected == 0, "the dropped client to leave the count");
    }

    [Test]
    public void SnapshotReturnsTheLatestFrameOnce()
    {
        var sink = NewSink();
        var noFrame = RawResponse.Get(sink.Port, "/snapshot.jpg");
        Assert.That(noFrame.StatusLine, Is.EqualTo("HTTP/1.1 503 Service Unavailable"));
        Assert.That(noFrame.Headers["Retry-After"], Is.EqualTo("1"));

        var frames = SolidFrames();
        sink.Write(frames[0]);
        var first = RawResponse.Get(sink.Port, "/snapshot.jpg");
        sink.Write(frames[2]);
        var second = RawResponse.Get(sink.Port, "/snapshot.jpg?t=12345");

        Assert.That(first.StatusLine, Is.EqualTo("HTTP/1.1 200 OK"));
        Assert.That(first.Headers["Content-Type"], Is.EqualTo("image/jpeg"));
        Assert.That(first.Headers["Connection"], Is.EqualTo("close"));
        using var firstImage = Decode(first.Body);
        using var secondImage = Decode(second.Body);
        Assert.That(firstImage.Size(), Is.EqualTo(new OpenCvSharp.Size(160, 120)));
        Assert.That(StreamFrames.PaletteIndex(firstImage), Is.EqualTo(0));
        Assert.That(StreamFrames.PaletteIndex(secondImage), Is.EqualTo(2));
    }

    [Test]
    public void IndexPageAndErrors()
    {
        var sink = NewSink();

        var index = RawResponse.Get(sink.Port, "/");
        Assert.That(index.StatusLine, Is.EqualTo("HTTP/1.1 200 OK"));
        Assert.That(index.Headers["Content-Type"], Is.EqualTo("text/html; charset=utf-8"));
        Assert.That(Encoding.UTF8.GetString(index.Body), Does.Contain("<img src=\"/stream\""));

        var missing = RawResponse.Get(sink.Port, "/favicon.ico");
        Assert.That(missing.StatusLine, Is.EqualTo("HTTP/1.1 404 Not Found"));
        Assert.That(Encoding.UTF8.GetString(missing.Body), Does.Contain("/stream"));

        var post = RawResponse.Exchange(sink.Port, $"POST /stream HTTP/1.1\r\nHost: localhost:{sink.Port}\r\nContent-Length: 0\r\n\r\n");
        Assert.That(post.StatusLine, Is.EqualTo("HTTP/1.1 405 Method Not Allowed"));
        Assert.That(post.Headers["Allow"], Is.EqualTo("GET"));

        var garbage = RawResponse.Exchange(sink.Port, "HELLO THERE\r\n\r\n");
        Assert.That(garbage.StatusLine, Is.EqualTo("HTTP/1.1 400 Bad Request"));

        var huge = RawResponse.Exchange(sink.Port, $"GET / HTTP/1.1\r\nX-Big: {new string('a', 9000)}\r\n\r\n");
        Assert.That(huge.StatusLine, Is.EqualTo("HTTP/1.1 400 Bad Request"));
        Assert.That(Encoding.UTF8.GetString(huge.Body), Does.Contain("larger than 8192 bytes"));
    }

    [Test]
    public async Task HttpClientGetsErrorsToo()
    {
        var sink = NewSink();
        using var http = NewHttpClient();

        using var missing = await http.GetAsync($"http://127.0.0.1:{sink.Port}/nothing/here");
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));

        sink.Write(SolidFrames()[1]);
        var snapshot = await http.GetByteArrayAsync($"http://127.0.0.1:{sink.Port}/snapshot.jpg");
        using var image = Decode(snapshot);
        Assert.That(StreamFrames.PaletteIndex(image), Is.EqualTo(1));
    }

    [Test]
    public void ClientsBeyondTheLimitAreTurnedAway()
    {
        var sink = NewSink(new MjpegStreamOptions { MaxClients = 1 });
        using var first = RawResponse.Connect(sink.Port);
        first.GetStream().Write(Encoding.ASCII.GetBytes($"GET /stream HTTP/1.1\r\nHost: 127.0.0.1:{sink.Port}\r\n\r\n"));
        WaitFor(() => sink.Server.ClientsConnected == 1, "the first client");

        var second = RawResponse.Get(sink.Port, "/stream");

        Assert.That(second.StatusLine, Is.EqualTo("HTTP/1.1 503 Service Unavailable"));
        Assert.That(Encoding.UTF8.GetString(second.Body), Does.Contain("already serving 1 clients"));
    }

    [Test]
    public void PortInUseIsAClearError()
    {
        var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        try
        {
            var port = ((IPEndPoint)taken.LocalEndpoint).Port;
            var error = Assert.Throws<LiveStyleException>(() => new MjpegStreamSink(port).Dispose());
            Assert.That(error!.Message, Is.EqualTo($"port {port} is in use: choose another with --stream PORT"));
        }
        finally
        {
            taken.Stop();
        }
    }

    [Test]
    public void BadSettingsAreClearErrors()
    {
        Assert.That(Assert.Throws<LiveStyleException>(() => new MjpegStreamSink(0, new MjpegStreamOptions { FramesPerSecond = 0 }))!.Message,
            Does.Contain("frame rate").And.Contain("1 to 120"));
        Assert.That(Assert.Throws<LiveStyleException>(() => new MjpegStreamSink(70000))!.Message,
            Is.EqualTo("port 70000 is out of range: choose one from 1 to 65535 with --stream PORT"));
        Assert.That(Assert.Throws<LiveStyleException>(() => new MjpegStreamSink(0, new MjpegStreamOptions { JpegQuality = 0 }))!.Message,
            Is.EqualTo("JPEG quality 0 is out of range: use 1 to 100"));
    }

    [Test]
    public void NameSaysWhereToWatch()
    {
        var sink = NewSink();
        Assert.That(sink.Port, Is.GreaterThan(0));
        Assert.That(sink.Name, Is.EqualTo($"stream http://127.0.0.1:{sink.Port}/"));
    }

    [Test]
    public void CompleteStopsPromptlyAndClosesEveryClient()
    {
        var sink = NewSink();
        var frames = SolidFrames();
        sink.Write(frames[0]);
        var watchers = Enumerable.Range(0, 2).Select(_ => Own(RawResponse.Connect(sink.Port))).ToList();
        foreach (var watcher in watchers)
        {
            watcher.GetStream().Write(Encoding.ASCII.GetBytes($"GET /stream HTTP/1.1\r\nHost: 127.0.0.1:{sink.Port}\r\n\r\n"));
            RawResponse.ReadHead(watcher.GetStream());
            new MultipartJpegReader(watcher.GetStream(), Boundary).ReadPart();
        }
        var silent = Own(RawResponse.Connect(sink.Port)); // connected, request never sent
        WaitFor(() => sink.Server.ClientsConnected == 2, "two watchers");

        var clock = Stopwatch.StartNew();
        sink.Complete();
        clock.Stop();

        Assert.That(clock.ElapsedMilliseconds, Is.LessThan(500), "Complete returns promptly");
        Assert.That(sink.Server.ClientsConnected, Is.EqualTo(0));
        foreach (var client in watchers.Append(silent))
        {
            var readClock = Stopwatch.StartNew();
            Assert.That(ReadsEndOfStream(client), Is.True, "the server closed the connection");
            Assert.That(readClock.ElapsedMilliseconds, Is.LessThan(1000));
        }
        var refused = Assert.Throws<SocketException>(() => RawResponse.Connect(sink.Port).Dispose());
        Assert.That(refused!.SocketErrorCode, Is.EqualTo(SocketError.ConnectionRefused));
        sink.Write(frames[1]); // a late Write after Complete is ignored
    }

    private static bool ReadsEndOfStream(TcpClient client)
    {
        var buffer = new byte[4096];
        try
        {
            while (client.GetStream().Read(buffer) > 0) { /* drain what was sent before the close */ }
            return true;
        }
        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset })
        {
            return true;
        }
    }
}
