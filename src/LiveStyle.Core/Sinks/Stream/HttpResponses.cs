using System.Text;

namespace LiveStyle.Core.Sinks.Stream;

/// <summary>The complete responses this server sends, as bytes ready for the socket.</summary>
internal static class HttpResponses
{
    public const string Boundary = "livestyle-frame";

    private const string IndexPage =
        "<!DOCTYPE html>\n" +
        "<html><head><meta charset=\"utf-8\"><title>LiveStyle</title></head>\n" +
        "<body style=\"margin:0;background:#000;display:flex;justify-content:center;align-items:center;height:100vh\">\n" +
        "<img src=\"/stream\" alt=\"LiveStyle stream\" style=\"max-width:100%;max-height:100%\">\n" +
        "</body></html>\n";

    /// <summary>The head of a <c>/stream</c> response; the parts follow it until the connection closes.</summary>
    public static readonly byte[] StreamHead = Encoding.ASCII.GetBytes(
        "HTTP/1.1 200 OK\r\n" +
        $"Content-Type: multipart/x-mixed-replace; boundary={Boundary}\r\n" +
        "Cache-Control: no-cache\r\n" +
        "Pragma: no-cache\r\n" +
        "Connection: close\r\n" +
        "\r\n");

    public static byte[] Index() => Complete("200 OK", "text/html; charset=utf-8", Encoding.UTF8.GetBytes(IndexPage));

    /// <summary>The head of a <c>/snapshot.jpg</c> response; the JPEG bytes follow it.</summary>
    public static byte[] SnapshotHead(int jpegLength) => Head("200 OK", "image/jpeg", jpegLength, "");

    public static byte[] BadRequest(string why) => Text("400 Bad Request", $"bad request: {why}\n");

    public static byte[] ForeignHost(string? host, int port) =>
        Text("403 Forbidden", (host is null ? "no Host header" : $"Host {host} is not this server") +
             $": the stream answers only requests for 127.0.0.1:{port}, localhost:{port} or [::1]:{port}\n");

    public static byte[] NotFound(string path) =>
        Text("404 Not Found", $"nothing at {path}: the stream is at /stream, a single picture at /snapshot.jpg, a viewer page at /\n");

    public static byte[] MethodNotAllowed(string method) =>
        Text("405 Method Not Allowed", $"{method} is not supported: use GET\n", "Allow: GET\r\n");

    public static byte[] NoFrameYet() =>
        Text("503 Service Unavailable", "no frame has been stylized yet: try again in a moment\n", "Retry-After: 1\r\n");

    public static byte[] TooManyClients(int max) =>
        Text("503 Service Unavailable", $"already serving {max} clients: close another viewer and try again\n", "Retry-After: 5\r\n");

    private static byte[] Text(string status, string message, string extraHeaders = "") =>
        Complete(status, "text/plain; charset=utf-8", Encoding.UTF8.GetBytes(message), extraHeaders);

    private static byte[] Complete(string status, string contentType, byte[] body, string extraHeaders = "")
    {
        var head = Head(status, contentType, body.Length, extraHeaders);
        var response = new byte[head.Length + body.Length];
        head.CopyTo(response, 0);
        body.CopyTo(response, head.Length);
        return response;
    }

    private static byte[] Head(string status, string contentType, int contentLength, string extraHeaders) =>
        Encoding.ASCII.GetBytes(
            $"HTTP/1.1 {status}\r\n" +
            $"Content-Type: {contentType}\r\n" +
            $"Content-Length: {contentLength}\r\n" +
            "Cache-Control: no-cache\r\n" +
            extraHeaders +
            "Connection: close\r\n" +
            "\r\n");
}
