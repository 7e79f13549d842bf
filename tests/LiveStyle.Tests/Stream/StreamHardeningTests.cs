using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using LiveStyle.Core.Sinks.Stream;
using NUnit.Framework;

namespace LiveStyle.Tests.Stream;

/// <summary>DNS rebinding and stalled clients, over real sockets.</summary>
[CancelAfter(60_000)]
public class StreamHardeningTests
{
    private readonly List<IDisposable> _owned = [];

    [TearDown]
    public void DisposeOwned()
    {
        for (var i = _owned.Count - 1; i >= 0; i--) _owned[i].Dispose();
        _owned.Clear();
    }

    private T Own<T>(T item) where T : IDisposable
    {
        _owned.Add(item);
        return item;
    }

    private MjpegStreamSink NewSinkWithAFrame(MjpegStreamOptions? options = null)
    {
        var sink = Own(new MjpegStreamSink(0, options));
        sink.Write(Own(StreamFrames.Solid(StreamFrames.Palette[2])));
        return sink;
    }

    private static RawResponse Snapshot(int port, string host) =>
        RawResponse.Exchange(port, $"GET /snapshot.jpg HTTP/1.1\r\nHost: {host}\r\n\r\n");

    [Test]
    public void OnlyRequestsForThisMachineAreServed()
    {
        var sink = NewSinkWithAFrame();
        var port = sink.Port;
        foreach (var host in new[] { $"127.0.0.1:{port}", $"localhost:{port}", $"LocalHost:{port}", $"[::1]:{port}", "127.0.0.1" })
            Assert.That(Snapshot(port, host).StatusLine, Is.EqualTo("HTTP/1.1 200 OK"), host);

        foreach (var host in new[] { $"evil.example:{port}", "evil.example", $"127.0.0.1.evil.example:{port}", $"localhost:{port + 1}", $"192.168.1.2:{port}" })
        {
            var refused = Snapshot(port, host);
            Assert.That(refused.StatusLine, Is.EqualTo("HTTP/1.1 403 Forbidden"), host);
            Assert.That(Encoding.UTF8.GetString(refused.Body), Does.Contain("is not this server"));
        }
        Assert.That(RawResponse.Exchange(port, "GET /stream HTTP/1.1\r\n\r\n").StatusLine, Is.EqualTo("HTTP/1.1 403 Forbidden"), "no Host at all");
        Assert.That(RawResponse.Exchange(port, $"GET http://evil.example:{port}/stream HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n").StatusLine,
            Is.EqualTo("HTTP/1.1 403 Forbidden"), "an absolute target names the host that counts");
    }

    [Test]
    public void StalledClientsCannotLockOutASnapshot()
    {
        var sink = NewSinkWithAFrame(new MjpegStreamOptions { MaxClients = 4, RequestTimeout = TimeSpan.FromSeconds(30) });
        // Every slot taken by a client that connects and never finishes its request.
        var stalled = Enumerable.Range(0, 4).Select(_ => Own(RawResponse.Connect(sink.Port))).ToList();
        foreach (var client in stalled) client.GetStream().Write("GET /snap"u8);
        Thread.Sleep(200); // let the server accept them all

        var snapshot = RawResponse.Get(sink.Port, "/snapshot.jpg");
        Assert.That(snapshot.StatusLine, Is.EqualTo("HTTP/1.1 200 OK"));
        var clock = Stopwatch.StartNew();
        while (sink.Server.ClientsDropped == 0 && clock.Elapsed < TimeSpan.FromSeconds(10)) Thread.Sleep(10);
        Assert.That(sink.Server.ClientsDropped, Is.EqualTo(1), "one stalled client made room");
    }

    [Test]
    public void AClientTricklingItsRequestIsDroppedAtTheDeadline()
    {
        var sink = NewSinkWithAFrame(new MjpegStreamOptions { RequestTimeout = TimeSpan.FromSeconds(1) });
        using var client = RawResponse.Connect(sink.Port);
        client.ReceiveTimeout = 0;
        var stream = client.GetStream();
        var clock = Stopwatch.StartNew();
        var closed = false;
        // One byte every 200 ms: each is well within the timeout, the whole head never is.
        foreach (var b in "GET /snapshot.jpg HTTP/1.1\r\nX-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"u8.ToArray())
        {
            try
            {
                stream.Write([b]);
                if (client.Client.Poll(0, SelectMode.SelectRead) && client.Client.Available == 0) { closed = true; break; }
            }
            catch (IOException) { closed = true; break; }
            Thread.Sleep(200);
        }
        Assert.That(closed, Is.True, $"the server still held the connection after {clock.Elapsed.TotalSeconds:0.#} s");
    }
}
