using System.Globalization;

namespace LiveStyle.Core.Pipeline;

/// <summary>
/// The --size option: "N" scales frames so the shorter side is N pixels (keeping the aspect
/// ratio), "WxH" is an exact size. Independent of camera and window sizes.
/// </summary>
public readonly record struct InferenceSize(int ShorterSide, int Width, int Height)
{
    public const int Minimum = 16;

    public static InferenceSize Parse(string text)
    {
        var parts = text.ToLowerInvariant().Split('x');
        if (parts.Length == 1 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var side) && side >= Minimum && side <= 4096)
            return new InferenceSize(side, 0, 0);
        if (parts.Length == 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var w)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var h)
            && w >= Minimum && h >= Minimum && w <= 8192 && h <= 8192)
            return new InferenceSize(0, w, h);
        throw new LiveStyleException($"--size '{text}' is not a size: give the shorter side in pixels (e.g. 384) or WxH (e.g. 640x360), at least {Minimum}");
    }

    /// <summary>The size to stylize a frame of <paramref name="frameWidth"/>×<paramref name="frameHeight"/> at.</summary>
    public (int Width, int Height) For(int frameWidth, int frameHeight)
    {
        if (ShorterSide == 0) return (Width, Height);
        var scale = (double)ShorterSide / Math.Min(frameWidth, frameHeight);
        return (Math.Max(Minimum, (int)Math.Round(frameWidth * scale)), Math.Max(Minimum, (int)Math.Round(frameHeight * scale)));
    }

    public override string ToString() => ShorterSide > 0 ? ShorterSide.ToString(CultureInfo.InvariantCulture) : $"{Width}x{Height}";
}
