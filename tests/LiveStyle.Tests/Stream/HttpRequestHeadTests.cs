using LiveStyle.Core.Sinks.Stream;
using NUnit.Framework;

namespace LiveStyle.Tests.Stream;

public class HttpRequestHeadTests
{
    [Test]
    public void ParsesRequestLineAndHeaders()
    {
        var ok = HttpRequestHead.TryParse("GET /stream?cache=1 HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nuser-agent: OBS\r\nAccept: a\r\nAccept: b\r\n\r\n", out var head, out var error);

        Assert.That(ok, Is.True, error);
        Assert.That(head!.Method, Is.EqualTo("GET"));
        Assert.That(head.Target, Is.EqualTo("/stream?cache=1"));
        Assert.That(head.Path, Is.EqualTo("/stream"));
        Assert.That(head.Version, Is.EqualTo("HTTP/1.1"));
        Assert.That(head.Headers["host"], Is.EqualTo("127.0.0.1:8080"));
        Assert.That(head.Headers["User-Agent"], Is.EqualTo("OBS"));
        Assert.That(head.Headers["Accept"], Is.EqualTo("a, b"));
    }

    [TestCase("GET /snapshot.jpg HTTP/1.0\n\n", "/snapshot.jpg", TestName = "BareLineFeeds")]
    [TestCase("GET http://127.0.0.1:8080/stream HTTP/1.1\r\n\r\n", "/stream", TestName = "AbsoluteForm")]
    [TestCase("GET http://127.0.0.1:8080 HTTP/1.1\r\n\r\n", "/", TestName = "AbsoluteFormWithoutPath")]
    [TestCase("GET /#top HTTP/1.1\r\n\r\n", "/", TestName = "Fragment")]
    public void AcceptsOtherForms(string text, string path)
    {
        Assert.That(HttpRequestHead.TryParse(text, out var head, out var error), Is.True, error);
        Assert.That(head!.Path, Is.EqualTo(path));
    }

    [TestCase("", "empty request")]
    [TestCase("GET /stream\r\n\r\n", "the request line must be METHOD TARGET VERSION")]
    [TestCase("GET  /stream HTTP/1.1\r\n\r\n", "the request line must be METHOD TARGET VERSION")]
    [TestCase("G(T /stream HTTP/1.1\r\n\r\n", "bad method")]
    [TestCase("GET /stream HTTP/2.0\r\n\r\n", "only HTTP/1.0 and HTTP/1.1 are supported")]
    [TestCase("GET stream HTTP/1.1\r\n\r\n", "bad request target")]
    [TestCase("GET /a\u00e9 HTTP/1.1\r\n\r\n", "bad request target")]
    [TestCase("GET / HTTP/1.1\r\nno colon here\r\n\r\n", "a header line has no name")]
    [TestCase("GET / HTTP/1.1\r\n: empty name\r\n\r\n", "a header line has no name")]
    [TestCase("GET / HTTP/1.1\r\nHost : x\r\n\r\n", "bad header name")]
    [TestCase("GET / HTTP/1.1\r\nHost: a\u0001b\r\n\r\n", "control character in a header value")]
    public void RejectsMalformedHeads(string text, string expected)
    {
        Assert.That(HttpRequestHead.TryParse(text, out var head, out var error), Is.False);
        Assert.That(head, Is.Null);
        Assert.That(error, Is.EqualTo(expected));
    }

    [Test]
    public void RejectsTooManyHeadersAndLongRequestLines()
    {
        var manyHeaders = "GET / HTTP/1.1\r\n" + string.Concat(Enumerable.Range(0, HttpRequestHead.MaxHeaders + 1).Select(i => $"X-{i}: {i}\r\n")) + "\r\n";
        Assert.That(HttpRequestHead.TryParse(manyHeaders, out _, out var error), Is.False);
        Assert.That(error, Is.EqualTo("too many headers"));

        var longLine = $"GET /{new string('a', HttpRequestHead.MaxRequestLineLength)} HTTP/1.1\r\n\r\n";
        Assert.That(HttpRequestHead.TryParse(longLine, out _, out error), Is.False);
        Assert.That(error, Is.EqualTo("request line too long"));
    }
}
