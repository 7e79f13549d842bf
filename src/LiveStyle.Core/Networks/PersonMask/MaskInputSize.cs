namespace LiveStyle.Core.Networks.PersonMask;

/// <summary>
/// The size a frame is shrunk to for the person mask: its shorter side near <c>side</c> pixels,
/// the aspect ratio kept within rounding, both sides multiples of 32 (what SINet needs).
/// </summary>
public static class MaskInputSize
{
    /// <summary>The default shorter side: chosen by measurement (README, "Person-aware stylization").</summary>
    public const int DefaultSide = 224;

    public static (int Width, int Height) For(int frameWidth, int frameHeight, int side = DefaultSide)
    {
        if (frameWidth <= 0 || frameHeight <= 0) throw new ArgumentOutOfRangeException(nameof(frameWidth), "the frame has no pixels");
        if (side < SinetArchitecture.SideMultiple) throw new ArgumentOutOfRangeException(nameof(side), side, $"the mask input's side must be at least {SinetArchitecture.SideMultiple}");
        var scale = side / (double)Math.Min(frameWidth, frameHeight);
        return (Round(frameWidth * scale), Round(frameHeight * scale));
    }

    private static int Round(double length) =>
        Math.Max(1, (int)Math.Round(length / SinetArchitecture.SideMultiple)) * SinetArchitecture.SideMultiple;
}
