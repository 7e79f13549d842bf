namespace LiveStyle.App.Display;

/// <summary>A rectangle in framebuffer pixels (origin bottom-left, as glViewport takes it).</summary>
public readonly record struct PixelRect(int X, int Y, int Width, int Height)
{
    public bool IsEmpty => Width <= 0 || Height <= 0;
}

public static class Letterbox
{
    /// <summary>
    /// The largest rectangle with the content's aspect ratio that fits the target, centred;
    /// the rest of the target is left for black bars.
    /// </summary>
    public static PixelRect Fit(int contentWidth, int contentHeight, int targetWidth, int targetHeight)
    {
        if (contentWidth <= 0 || contentHeight <= 0 || targetWidth <= 0 || targetHeight <= 0)
            return default;

        double scale = Math.Min((double)targetWidth / contentWidth, (double)targetHeight / contentHeight);
        int width = Math.Clamp((int)Math.Round(contentWidth * scale), 1, targetWidth);
        int height = Math.Clamp((int)Math.Round(contentHeight * scale), 1, targetHeight);
        return new PixelRect((targetWidth - width) / 2, (targetHeight - height) / 2, width, height);
    }
}
