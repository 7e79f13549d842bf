using System.Net.Sockets;
using System.Text;

namespace LiveStyle.Core.Sinks.Stream;

/// <summary>
/// Writes one multipart part per frame: boundary line, part headers, the JPEG, CRLF. The part head
/// is formatted into a buffer reused for every frame.
/// </summary>
internal sealed class MjpegPartWriter
{
    private static readonly byte[] HeadPrefix = Encoding.ASCII.GetBytes(
        $"--{HttpResponses.Boundary}\r\nContent-Type: image/jpeg\r\nContent-Length: ");
    private static readonly byte[] HeadSuffix = "\r\n\r\n"u8.ToArray();
    private static readonly byte[] PartEnd = "\r\n"u8.ToArray();

    private readonly byte[] _head = new byte[HeadPrefix.Length + 10 + HeadSuffix.Length];

    /// <summary>Sends the part for <paramref name="frame"/>; blocks until the socket took all of it.</summary>
    public void Write(Socket socket, JpegFrame frame)
    {
        var headLength = FormatHead(frame.Bytes.Length);
        socket.Send(_head, 0, headLength, SocketFlags.None);
        socket.Send(frame.Bytes, 0, frame.Bytes.Length, SocketFlags.None);
        socket.Send(PartEnd, 0, PartEnd.Length, SocketFlags.None);
    }

    private int FormatHead(int contentLength)
    {
        var span = _head.AsSpan();
        HeadPrefix.CopyTo(span);
        var at = HeadPrefix.Length;
        contentLength.TryFormat(span[at..], out var digits);
        at += digits;
        HeadSuffix.CopyTo(span[at..]);
        return at + HeadSuffix.Length;
    }
}
