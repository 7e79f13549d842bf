using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace LiveStyle.Core.Sinks.Stream;

/// <summary>
/// A minimal HTTP server for an MJPEG stream, for browsers and OBS's media source:
/// <c>GET /stream</c> (multipart/x-mixed-replace, one JPEG per part), <c>GET /snapshot.jpg</c>
/// (the newest frame once) and <c>GET /</c> (a page showing the stream). One thread accepts; each
/// connection has its own thread and one-slot box, so <see cref="Publish"/> never waits for a client:
/// a slow client skips frames, and one that stops taking data is dropped.
/// </summary>
public sealed class MjpegStreamServer : IDisposable
{
    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(2);

    private readonly MjpegStreamOptions _options;
    private readonly Action<string>? _log;
    private readonly Socket _listener;
    private readonly Thread _acceptThread;
    private readonly long _writeTimeoutTicks;
    private readonly object _gate = new();
    // Guarded by _gate.
    private readonly List<ClientConnection> _connections = [];
    private readonly List<ClientConnection> _streaming = [];
    private JpegFrame? _latest;
    private bool _stopped;

    private long _framesPublished;
    private long _framesSent;
    private long _framesSkipped;
    private long _clientsDropped;

    /// <summary>Listens on <paramref name="port"/> (0 picks a free one, see <see cref="Port"/>) and starts accepting.</summary>
    /// <exception cref="LiveStyleException">The port is out of range, in use, or not allowed.</exception>
    public MjpegStreamServer(int port, MjpegStreamOptions? options = null, Action<string>? log = null)
    {
        _options = options ?? new MjpegStreamOptions();
        _options.Validate();
        _log = log;
        _writeTimeoutTicks = (long)(_options.WriteTimeout.TotalSeconds * Stopwatch.Frequency);
        _listener = Listen(_options.Address, port);
        Port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        Url = $"http://{new IPEndPoint(_options.Address, Port)}/";
        _acceptThread = new Thread(AcceptLoop) { IsBackground = true, Name = $"stream accept :{Port}" };
        _acceptThread.Start();
    }

    public int Port { get; }
    /// <summary>The viewer page, e.g. "http://127.0.0.1:8080/"; the stream is at Url + "stream".</summary>
    public string Url { get; }

    /// <summary>Clients currently receiving <c>/stream</c>.</summary>
    public int ClientsConnected
    {
        get { lock (_gate) return _streaming.Count; }
    }
    public long FramesPublished => Interlocked.Read(ref _framesPublished);
    /// <summary>Parts sent, summed over all clients.</summary>
    public long FramesSent => Interlocked.Read(ref _framesSent);
    /// <summary>Frames a client never got because a newer one replaced it first, summed over all clients.</summary>
    public long FramesSkipped => Interlocked.Read(ref _framesSkipped);
    /// <summary>Clients disconnected because they stopped taking data.</summary>
    public long ClientsDropped => Interlocked.Read(ref _clientsDropped);

    internal JpegFrame? Latest
    {
        get { lock (_gate) return _latest; }
    }

    /// <summary>
    /// Makes <paramref name="frame"/> the newest: every stream client gets it in its box (replacing an
    /// unsent one), and clients stuck in one send for longer than the write timeout are dropped.
    /// Never waits for a client.
    /// </summary>
    public void Publish(JpegFrame frame)
    {
        List<ClientConnection>? stalled = null;
        var now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            if (_stopped) return;
            _latest = frame;
            _framesPublished++;
            foreach (var client in _streaming)
            {
                if (client.IsStalled(now, _writeTimeoutTicks)) (stalled ??= []).Add(client);
                else if (client.Box.Put(frame) is { } leftOut && leftOut != frame) _framesSkipped++;   // replaced a frame never sent
            }
        }
        if (stalled is null) return;
        foreach (var client in stalled) client.Drop($"one frame took more than {_options.WriteTimeout.TotalSeconds:0.###} s to send");
    }

    /// <summary>Stops listening and closes every connection; waits briefly for their threads. Idempotent.</summary>
    public void Stop()
    {
        List<ClientConnection> open;
        lock (_gate)
        {
            if (_stopped) return;
            _stopped = true;
            open = [.. _connections];
        }
        _listener.Dispose(); // wakes the accept thread
        foreach (var client in open) client.Close();

        var deadline = Stopwatch.StartNew();
        TimeSpan Left() => StopWait - deadline.Elapsed > TimeSpan.Zero ? StopWait - deadline.Elapsed : TimeSpan.Zero;
        _acceptThread.Join(Left());
        foreach (var client in open) client.Join(Left());
    }

    public void Dispose() => Stop();

    internal bool BeginStream(ClientConnection client)
    {
        int watching;
        lock (_gate)
        {
            if (_stopped) return false;
            _streaming.Add(client);
            // A new viewer sees the newest frame at once rather than waiting for the next one.
            if (_latest is not null) client.Box.Put(_latest);
            watching = _streaming.Count;
        }
        _log?.Invoke($"stream: {client.Remote} is watching ({watching} {(watching == 1 ? "client" : "clients")})");
        return true;
    }

    internal void EndStream(ClientConnection client)
    {
        int watching;
        bool stopped;
        lock (_gate)
        {
            _streaming.Remove(client);
            watching = _streaming.Count;
            stopped = _stopped;
        }
        if (!stopped) _log?.Invoke($"stream: {client.Remote} left ({watching} {(watching == 1 ? "client" : "clients")})");
    }

    internal void Forget(ClientConnection client)
    {
        lock (_gate) _connections.Remove(client);
    }

    internal void Report(string message) => _log?.Invoke(message);

    internal void CountSent() => Interlocked.Increment(ref _framesSent);

    internal void CountDropped(ClientConnection client, string reason)
    {
        Interlocked.Increment(ref _clientsDropped);
        _log?.Invoke($"stream: dropped {client.Remote}: {reason}");
    }

    private static Socket Listen(IPAddress address, int port)
    {
        if (port is < 0 or > IPEndPoint.MaxPort)
            throw new LiveStyleException($"port {port} is out of range: choose one from 1 to {IPEndPoint.MaxPort} with --stream PORT");
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(address, port));
            socket.Listen(16);
            return socket;
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw e.SocketErrorCode switch
            {
                SocketError.AddressAlreadyInUse => new LiveStyleException($"port {port} is in use: choose another with --stream PORT", e),
                SocketError.AccessDenied => new LiveStyleException($"not allowed to listen on port {port}: choose one above 1023 with --stream PORT", e),
                SocketError.AddressNotAvailable => new LiveStyleException($"cannot listen on {address}: it is not an address of this machine", e),
                _ => new LiveStyleException($"cannot listen on {address}:{port} ({e.Message}): choose another port with --stream PORT", e),
            };
        }
    }

    private void AcceptLoop()
    {
        while (true)
        {
            Socket socket;
            try
            {
                socket = _listener.Accept();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                lock (_gate) if (_stopped) return;
                // E.g. out of file handles: wait a little rather than spin.
                _log?.Invoke($"stream: accepting a connection failed: {e.Message}");
                Thread.Sleep(100);
                continue;
            }
            try
            {
                Admit(socket);
            }
            catch (Exception e)
            {
                // A client that fails while being admitted is dropped; the server keeps accepting.
                _log?.Invoke($"stream: admitting a connection failed: {e.GetType().Name}: {e.Message}");
                socket.Dispose();
            }
        }
    }

    private void Admit(Socket socket)
    {
        socket.NoDelay = true;
        socket.SendTimeout = (int)_options.WriteTimeout.TotalMilliseconds;
        socket.ReceiveTimeout = (int)_options.RequestTimeout.TotalMilliseconds;
        if (_options.SendBufferSize > 0) socket.SendBufferSize = _options.SendBufferSize;

        ClientConnection? client = null;
        ClientConnection? evicted = null;
        var full = false;
        lock (_gate)
        {
            if (!_stopped)
            {
                full = _connections.Count >= _options.MaxClients;
                if (full)
                {
                    // Keep a slot for new clients: the oldest connection that has still not sent its
                    // request gives way (viewers send theirs at once; a stalled client never does).
                    evicted = _connections.Where(c => c.IsWaitingForRequest).MinBy(c => c.AcceptedAt);
                    if (evicted is not null)
                    {
                        _connections.Remove(evicted);
                        full = false;
                    }
                }
                if (!full)
                {
                    // Started under the lock, so Stop never sees (and joins) a thread that has not started.
                    client = new ClientConnection(socket, this, _options);
                    _connections.Add(client);
                    client.Start();
                }
            }
        }
        evicted?.Drop("it had not sent its request, and a new client needed its place");
        if (client is not null) return;
        // Refused: a short answer fits the empty send buffer, so this does not block the accept thread.
        try
        {
            if (full) socket.Send(HttpResponses.TooManyClients(_options.MaxClients));
            socket.Shutdown(SocketShutdown.Both);
        }
        catch (SocketException) { /* the client left already */ }
        socket.Dispose();
    }
}
