using System.Diagnostics;

namespace LiveStyle.App.Live;

/// <summary>
/// The live view's log: every message goes to stderr with the time since start, and the newest
/// one is kept for the overlay for a few seconds. Safe to call from any thread.
/// </summary>
public sealed class LiveLog(TextWriter output)
{
    private static readonly TimeSpan OverlayTime = TimeSpan.FromSeconds(6);
    private readonly object _gate = new();
    private readonly long _start = Stopwatch.GetTimestamp();
    private string _latest = "";
    private long _latestAt;

    public void Write(string message)
    {
        lock (_gate)
        {
            _latest = message;
            _latestAt = Stopwatch.GetTimestamp();
            output.WriteLine($"[{Stopwatch.GetElapsedTime(_start).TotalSeconds,7:F2}] livestyle: {message}");
            output.Flush();
        }
    }

    /// <summary>The newest message while it is recent, else empty.</summary>
    public string Recent
    {
        get
        {
            lock (_gate) return _latest.Length > 0 && Stopwatch.GetElapsedTime(_latestAt) < OverlayTime ? _latest : "";
        }
    }
}
