using System.Net;

namespace LiveStyle.Core.Sinks.Stream;

/// <summary>
/// Against DNS rebinding: a web page on evil.example can make the browser resolve that name to
/// 127.0.0.1 and read the stream, but the browser still sends "Host: evil.example". So only
/// requests for this machine by the names it answers to are served: 127.0.0.1, localhost and
/// [::1] (and the listening address, when it is not loopback), with the server's port.
/// </summary>
public static class AllowedHosts
{
    /// <summary>Whether a Host value (or the authority of an absolute request target) names this server.</summary>
    public static bool IsAllowed(string? host, int port, IPAddress listening)
    {
        if (string.IsNullOrEmpty(host)) return false;
        var (name, hostPort) = Split(host);
        if (hostPort is not null && hostPort != port.ToString(System.Globalization.CultureInfo.InvariantCulture)) return false;
        if (name.Equals("localhost", StringComparison.OrdinalIgnoreCase) || name is "127.0.0.1" or "[::1]") return true;
        return !IPAddress.IsLoopback(listening) && !listening.Equals(IPAddress.Any) && !listening.Equals(IPAddress.IPv6Any)
            && (name == listening.ToString() || name == $"[{listening}]");
    }

    /// <summary>"name:port" → (name, port); "[v6]:port" keeps its brackets; no port → null.</summary>
    private static (string Name, string? Port) Split(string host)
    {
        var colon = host.LastIndexOf(':');
        if (colon < 0 || host.IndexOf(']', colon) >= 0) return (host, null);
        return (host[..colon], host[(colon + 1)..]);
    }

    /// <summary>The authority of an absolute-form target ("http://host:port/path"), or null for origin form.</summary>
    public static string? AuthorityOf(string target)
    {
        if (!target.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) return null;
        var rest = target["http://".Length..];
        var end = rest.IndexOfAny(['/', '?', '#']);
        return end < 0 ? rest : rest[..end];
    }
}
