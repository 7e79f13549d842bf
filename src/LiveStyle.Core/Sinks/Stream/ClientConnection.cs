using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using LiveStyle.Core.Threading;

namespace LiveStyle.Core.Sinks.Stream;

/// <summary>
/// One accepted connection on its own thread: reads the request, answers it, and for
/// <c>/stream</c> sends the newest frame from its <see cref="Box"/> whenever the socket
/// has taken the previous one. Blocking sends are bounded by the socket's send timeout; a send that
/// trickles on longer than the write timeout is caught by the server (<see cref="IsStalled"/>).
/// </summary>
internal sealed class ClientConnection
{
    private static readonly TimeSpan IdleWait = TimeSpan.FromSeconds(1);

    private readonly Socket _socket;
    private readonly MjpegStreamServer _server;
    private readonly MjpegStreamOptions _options;
    private readonly Thread _thread;
    private readonly MjpegPartWriter _parts = new();
    private long _writeStartedAt; // Stopwatch ticks while a part is being sent, 0 otherwise
    private int _dropped;
    private volatile bool _headRead;

    public ClientConnection(Socket socket, MjpegStreamServer server, MjpegStreamOptions options)
    {
        _socket = socket;
        _server = server;
        _options = options;
        Remote = socket.RemoteEndPoint?.ToString() ?? "client";
        _thread = new Thread(Run) { IsBackground = true, Name = $"stream client {Remote}" };
    }

    public string Remote { get; }
    /// <summary>When it was accepted (Stopwatch ticks).</summary>
    public long AcceptedAt { get; } = Stopwatch.GetTimestamp();
    /// <summary>True until its request head has been read: the state a stalled or malicious client sits in.</summary>
    public bool IsWaitingForRequest => !_headRead;
    /// <summary>The newest frame not yet sent (one slot: a newer frame replaces it).</summary>
    public HandoffQueue<JpegFrame> Box { get; } = new(1, WhenFull.ReplaceOldest);

    public void Start() => _thread.Start();
    public bool Join(TimeSpan timeout) => _thread.Join(timeout);

    /// <summary>True while a part has been sending for longer than <paramref name="limitTicks"/>.</summary>
    public bool IsStalled(long nowTicks, long limitTicks)
    {
        var started = Volatile.Read(ref _writeStartedAt);
        return started != 0 && nowTicks - started > limitTicks;
    }

    /// <summary>Disconnects a client that does not keep up; counted once however often it is called.</summary>
    public void Drop(string reason)
    {
        if (Interlocked.Exchange(ref _dropped, 1) != 0) return;
        _server.CountDropped(this, reason);
        Close();
    }

    /// <summary>Ends the connection from any thread: wakes the sender and aborts a blocked send.</summary>
    public void Close()
    {
        Box.Close();
        try { _socket.Shutdown(SocketShutdown.Both); }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { /* already gone */ }
        _socket.Dispose();
    }

    private void Run()
    {
        try { Serve(); }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { /* the client left or the server stopped */ }
        catch (Exception e)
        {
            // Anything else ends this client only, reported; the server and the other clients go on.
            _server.Report($"stream: {Remote} failed: {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            Close();
            _server.Forget(this);
        }
    }

    private void Serve()
    {
        var buffer = new byte[_options.MaxRequestHeadBytes];
        var result = HttpRequestReader.Read(_socket, buffer, _options.RequestTimeout, out var length);
        _headRead = true;
        switch (result)
        {
            case HeadReadResult.Gone:
                return;
            case HeadReadResult.TooLarge:
                Respond(HttpResponses.BadRequest($"the request head is larger than {buffer.Length} bytes"));
                return;
        }
        if (!HttpRequestHead.TryParse(Encoding.Latin1.GetString(buffer, 0, length), out var head, out var error))
        {
            Respond(HttpResponses.BadRequest(error));
            return;
        }
        var host = AllowedHosts.AuthorityOf(head!.Target) ?? head.Headers.GetValueOrDefault("Host");
        if (!AllowedHosts.IsAllowed(host, _server.Port, _options.Address))
        {
            Respond(HttpResponses.ForeignHost(host, _server.Port));
            return;
        }
        if (head.Method != "GET")
        {
            Respond(HttpResponses.MethodNotAllowed(head.Method));
            return;
        }
        switch (head.Path)
        {
            case "/" or "/index.html":
                Respond(HttpResponses.Index());
                break;
            case "/stream":
                SendStream();
                break;
            case "/snapshot.jpg":
                SendSnapshot();
                break;
            default:
                Respond(HttpResponses.NotFound(head.Path));
                break;
        }
    }

    private void Respond(byte[] response)
    {
        _socket.Send(response);
        _socket.Shutdown(SocketShutdown.Send);
    }

    private void SendSnapshot()
    {
        var frame = _server.Latest;
        if (frame is null)
        {
            Respond(HttpResponses.NoFrameYet());
            return;
        }
        _socket.Send(HttpResponses.SnapshotHead(frame.Bytes.Length));
        _socket.Send(frame.Bytes);
        _socket.Shutdown(SocketShutdown.Send);
    }

    private void SendStream()
    {
        _socket.Send(HttpResponses.StreamHead);
        if (!_server.BeginStream(this)) return;
        try
        {
            if (_options.FramesPerSecond is { } fps) SendPaced(TimeSpan.FromSeconds(1 / fps));
            else SendEachNewFrame();
        }
        finally
        {
            _server.EndStream(this);
        }
    }

    private void SendEachNewFrame()
    {
        while (!Box.IsClosed)
        {
            var frame = Box.Take(IdleWait);
            if (frame is null || Box.IsClosed) continue;
            if (!TrySendPart(frame)) return;
            _server.CountSent();
        }
    }

    /// <summary>One frame per period on this client's own clock: the newest, else the last one again.</summary>
    private void SendPaced(TimeSpan period)
    {
        JpegFrame? last = null;
        var next = DateTime.UtcNow;
        while (!Box.IsClosed)
        {
            next += period;
            var frame = Box.TakeAt(next) ?? last;
            if (frame is null || Box.IsClosed) continue;
            if (!TrySendPart(frame)) return;
            _server.CountSent();
            last = frame;
            // A client that fell behind (a slow reader) resumes the rate from now instead of catching up in a burst.
            if (DateTime.UtcNow - next > period) next = DateTime.UtcNow;
        }
    }

    private bool TrySendPart(JpegFrame frame)
    {
        Volatile.Write(ref _writeStartedAt, Stopwatch.GetTimestamp());
        try
        {
            _parts.Write(_socket, frame);
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
        {
            Drop($"it accepted no data for {_options.WriteTimeout.TotalSeconds:0.###} s");
            return false;
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            return false; // the viewer closed, or the server dropped or stopped it
        }
        finally
        {
            Volatile.Write(ref _writeStartedAt, 0);
        }
    }
}
