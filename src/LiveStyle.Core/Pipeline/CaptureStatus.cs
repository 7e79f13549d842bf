namespace LiveStyle.Core.Pipeline;

public enum CaptureState
{
    /// <summary>Frames are flowing (or the first source is being opened).</summary>
    Running,
    /// <summary>The source failed; waiting out the back-off before the next attempt.</summary>
    Lost,
    /// <summary>Opening the source again.</summary>
    Reconnecting,
    /// <summary>Not started, or stopped.</summary>
    Stopped,
}

/// <summary>A snapshot of the capture thread, safe to read from any thread.</summary>
public sealed record CaptureStatus(CaptureState State, string Message, long CapturedFrames, double Fps, string SourceName);
