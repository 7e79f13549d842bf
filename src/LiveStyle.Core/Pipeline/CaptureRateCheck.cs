using System.Diagnostics;

namespace LiveStyle.Core.Pipeline;

/// <summary>
/// Notices a camera that delivers far fewer frames than it granted (too little light makes webcams
/// lengthen their exposure; YUYV at HD sizes is capped by USB 2). It counts the frames of a window
/// after the first second (cameras start slowly) and gives one warning per source, or none.
/// </summary>
public sealed class CaptureRateCheck(string sourceName, double askedFps)
{
    public static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(4);
    /// <summary>Below this share of the granted rate the camera counts as "far less than asked".</summary>
    public const double Threshold = 0.6;

    private long _firstFrame;
    private long _windowStart;
    private long _framesInWindow;
    private bool _done;

    /// <summary>Call once per delivered frame with its time (Stopwatch ticks); returns the warning once, when it applies.</summary>
    public string? Frame(long timestamp)
    {
        if (_done || !(askedFps > 0)) return null;
        if (_firstFrame == 0) _firstFrame = timestamp;
        var sinceFirst = Stopwatch.GetElapsedTime(_firstFrame, timestamp);
        if (sinceFirst < SettleTime) return null;
        if (_windowStart == 0) _windowStart = timestamp;
        _framesInWindow++;
        var elapsed = Stopwatch.GetElapsedTime(_windowStart, timestamp);
        if (elapsed < Window) return null;

        _done = true;
        var measured = (_framesInWindow - 1) / elapsed.TotalSeconds;
        if (measured >= Threshold * askedFps) return null;
        return $"{sourceName} delivers only {measured:F1} fps of the {askedFps:0.##} it granted: " +
               "more light helps (webcams lengthen their exposure in the dark), or a smaller --camera-size, " +
               "or a camera mode with MJPG (`livestyle devices` lists the modes)";
    }
}
