namespace LiveStyle.Core.Sinks.Stream;

/// <summary>
/// The request line and headers of an HTTP/1.x request, parsed strictly: anything this server does
/// not understand is an error, answered 400.
/// </summary>
public sealed class HttpRequestHead
{
    public const int MaxHeaders = 64;
    public const int MaxRequestLineLength = 2048;

    private HttpRequestHead(string method, string target, string path, string version, IReadOnlyDictionary<string, string> headers)
    {
        Method = method;
        Target = target;
        Path = path;
        Version = version;
        Headers = headers;
    }

    public string Method { get; }
    /// <summary>The request target as sent.</summary>
    public string Target { get; }
    /// <summary>The target's path, without scheme, authority or query ("/stream").</summary>
    public string Path { get; }
    public string Version { get; }
    /// <summary>Header values by case-insensitive name; repeated headers are joined with ", ".</summary>
    public IReadOnlyDictionary<string, string> Headers { get; }

    /// <summary>Parses a head (the text up to and including the blank line, or without it).</summary>
    public static bool TryParse(string text, out HttpRequestHead? head, out string error)
    {
        head = null;
        var lines = text.Split('\n').Select(line => line.EndsWith('\r') ? line[..^1] : line).ToList();
        while (lines.Count > 0 && lines[^1].Length == 0) lines.RemoveAt(lines.Count - 1);
        if (lines.Count == 0) return Fail("empty request", out error);

        var requestLine = lines[0];
        if (requestLine.Length > MaxRequestLineLength) return Fail("request line too long", out error);
        var parts = requestLine.Split(' ');
        if (parts.Length != 3) return Fail("the request line must be METHOD TARGET VERSION", out error);
        var (method, target, version) = (parts[0], parts[1], parts[2]);
        if (method.Length == 0 || !method.All(IsTokenChar)) return Fail("bad method", out error);
        if (version is not ("HTTP/1.0" or "HTTP/1.1")) return Fail("only HTTP/1.0 and HTTP/1.1 are supported", out error);
        if (!TryGetPath(target, out var path)) return Fail("bad request target", out error);

        if (lines.Count - 1 > MaxHeaders) return Fail("too many headers", out error);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            if (colon <= 0) return Fail("a header line has no name", out error);
            var name = line[..colon];
            if (!name.All(IsTokenChar)) return Fail("bad header name", out error);
            var value = line[(colon + 1)..].Trim(' ', '\t');
            if (value.Any(char.IsControl)) return Fail("control character in a header value", out error);
            headers[name] = headers.TryGetValue(name, out var earlier) ? earlier + ", " + value : value;
        }

        head = new HttpRequestHead(method, target, path, version, headers);
        error = "";
        return true;
    }

    /// <summary>Accepts origin form ("/a?b") and absolute form ("http://host/a?b").</summary>
    private static bool TryGetPath(string target, out string path)
    {
        path = "";
        if (target.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            var slash = target.IndexOf('/', "http://".Length);
            target = slash < 0 ? "/" : target[slash..];
        }
        if (!target.StartsWith('/') || target.Any(c => c <= ' ' || c >= 0x7f)) return false;
        var end = target.IndexOfAny(['?', '#']);
        path = end < 0 ? target : target[..end];
        return true;
    }

    // RFC 9110 token characters.
    private static bool IsTokenChar(char c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' ||
        "!#$%&'*+-.^_`|~".Contains(c);

    private static bool Fail(string message, out string error)
    {
        error = message;
        return false;
    }
}
