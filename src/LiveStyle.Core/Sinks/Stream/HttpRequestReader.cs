using System.Net.Sockets;

namespace LiveStyle.Core.Sinks.Stream;

internal enum HeadReadResult
{
    Complete,
    TooLarge,
    /// <summary>The client closed, reset or stayed silent past the receive timeout.</summary>
    Gone,
}

/// <summary>Reads a request head (up to the blank line) from a socket into a bounded buffer.</summary>
internal static class HttpRequestReader
{
    /// <summary>
    /// Fills <paramref name="buffer"/> until it holds a blank line; <paramref name="length"/> is then
    /// the head's length including that line. Bytes after it (a body) are left unread. The whole
    /// head must arrive within <paramref name="timeout"/>: a client trickling a byte at a time is
    /// <see cref="HeadReadResult.Gone"/> when it runs out, however often it sends.
    /// </summary>
    public static HeadReadResult Read(Socket socket, byte[] buffer, TimeSpan timeout, out int length)
    {
        length = 0;
        var filled = 0;
        var deadline = System.Diagnostics.Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        while (filled < buffer.Length)
        {
            int received;
            try
            {
                var left = System.Diagnostics.Stopwatch.GetElapsedTime(System.Diagnostics.Stopwatch.GetTimestamp(), deadline);
                if (left <= TimeSpan.Zero) return HeadReadResult.Gone;
                socket.ReceiveTimeout = Math.Max(1, (int)Math.Ceiling(left.TotalMilliseconds));
                received = socket.Receive(buffer, filled, buffer.Length - filled, SocketFlags.None);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return HeadReadResult.Gone;
            }
            if (received == 0) return HeadReadResult.Gone;
            var searchFrom = Math.Max(0, filled - 3);
            filled += received;
            var end = FindHeadEnd(buffer.AsSpan(0, filled), searchFrom);
            if (end > 0)
            {
                length = end;
                return HeadReadResult.Complete;
            }
        }
        return HeadReadResult.TooLarge;
    }

    /// <summary>The index just past the first blank line ("\n\r\n" or "\n\n") at or after <paramref name="from"/>, or -1.</summary>
    internal static int FindHeadEnd(ReadOnlySpan<byte> data, int from)
    {
        for (var i = from; i < data.Length; i++)
        {
            if (data[i] != (byte)'\n') continue;
            if (i + 1 < data.Length && data[i + 1] == (byte)'\n') return i + 2;
            if (i + 2 < data.Length && data[i + 1] == (byte)'\r' && data[i + 2] == (byte)'\n') return i + 3;
        }
        return -1;
    }
}
