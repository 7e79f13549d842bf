namespace LiveStyle.Core.Sources;

/// <summary>What to show when the user did not choose a source.</summary>
public static class SourceSelection
{
    public const string NoCameraMessage = "no camera found: showing the test pattern (use --source to choose)";

    /// <summary>Camera 0 if it opens, otherwise the test pattern (saying so through <paramref name="log"/>).</summary>
    public static IFrameSource OpenDefault(Action<string>? log = null, int? requestedWidth = null, int? requestedHeight = null, double? requestedFps = null)
    {
        try
        {
            return SourceSpec.DefaultCamera.Open(requestedWidth, requestedHeight, requestedFps);
        }
        catch (LiveStyleException)
        {
            log?.Invoke(NoCameraMessage);
            return SourceSpec.Pattern.Open(requestedWidth, requestedHeight, requestedFps);
        }
    }
}
