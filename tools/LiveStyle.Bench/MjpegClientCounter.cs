using System.Net.Sockets;
using System.Text;

namespace LiveStyle.Bench;

/// <summary>
/// A real MJPEG client on 127.0.0.1: requests /stream and counts the JPEG images that arrive (by
/// their end-of-image markers, which cannot occur inside entropy-coded data), on its own thread.
/// </summary>
public sealed class MjpegClientCounter : IDisposable
{
    private readonly TcpClient _client = new();
    private readonly Thread _thread;
    private volatile bool _stopping;
    private long _frames;

    public MjpegClientCounter(int port)
    {
        _client.Connect("127.0.0.1", port);
        var stream = _client.GetStream();
        stream.Write(Encoding.ASCII.GetBytes("GET /stream HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
        _thread = new Thread(() => Read(stream)) { Name = "mjpeg-client", IsBackground = true };
        _thread.Start();
    }

    /// <summary>Complete JPEG images received so far.</summary>
    public long Frames => Interlocked.Read(ref _frames);

    private void Read(NetworkStream stream)
    {
        var buffer = new byte[1 << 16];
        var previous = (byte)0;
        try
        {
            while (!_stopping)
            {
                var n = stream.Read(buffer, 0, buffer.Length);
                if (n <= 0) return;
                for (var i = 0; i < n; i++)
                {
                    if (previous == 0xFF && buffer[i] == 0xD9) Interlocked.Increment(ref _frames);
                    previous = buffer[i];
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
        {
            // The server or Dispose closed the connection.
        }
    }

    public void Dispose()
    {
        _stopping = true;
        _client.Dispose();
        _thread.Join(TimeSpan.FromSeconds(2));
    }
}
