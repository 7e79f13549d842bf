using OpenCvSharp;

namespace LiveStyle.Core.Sinks.VirtualCamera;

/// <summary>
/// The still pictures the virtual camera sends when there is no live stylized frame to send, so a call
/// never sees a black or frozen camera without a reason: "starting" before the first frame, and the
/// last frame dimmed with "paused" on it while the live view is paused.
/// </summary>
public static class PlaceholderPicture
{
    private static readonly Scalar Background = new(40, 32, 32);

    public static void DrawStarting(Mat target) => DrawCaption(target.SetTo(Background), "LiveStyle: starting...");

    /// <summary>Draws <paramref name="last"/> (same size as <paramref name="target"/>) dimmed, with "paused" across it.</summary>
    public static void DrawPaused(Mat last, Mat target)
    {
        last.ConvertTo(target, MatType.CV_8UC3, alpha: 0.45);
        DrawCaption(target, "paused");
    }

    private static void DrawCaption(Mat target, string text)
    {
        const HersheyFonts font = HersheyFonts.HersheySimplex;
        var scale = Math.Max(0.4, target.Height / 360.0);
        var thickness = Math.Max(1, (int)Math.Round(2 * scale));
        var size = Cv2.GetTextSize(text, font, scale, thickness, out _);
        var origin = new Point((target.Width - size.Width) / 2, (target.Height + size.Height) / 2);
        Cv2.PutText(target, text, origin + new Point(2, 2), font, scale, Scalar.Black, thickness + 1, LineTypes.AntiAlias);
        Cv2.PutText(target, text, origin, font, scale, Scalar.White, thickness, LineTypes.AntiAlias);
    }
}
