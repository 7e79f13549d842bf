namespace LiveStyle.DisplayHarness;

/// <summary>Synthetic RGB24 frames whose colours the Gui tests know.</summary>
public static class TestFrames
{
    public const int StylizedWidth = 320, StylizedHeight = 240;
    public const int OriginalWidth = 160, OriginalHeight = 120, OriginalSquare = 20;

    /// <summary>Horizontal gradient: red rises left to right, blue falls, green is 0.</summary>
    public static byte[] Stylized()
    {
        var rgb = new byte[StylizedWidth * StylizedHeight * 3];
        for (int y = 0; y < StylizedHeight; y++)
        for (int x = 0; x < StylizedWidth; x++)
        {
            int i = (y * StylizedWidth + x) * 3;
            byte red = (byte)Math.Round(255.0 * x / (StylizedWidth - 1));
            rgb[i] = red;
            rgb[i + 1] = 0;
            rgb[i + 2] = (byte)(255 - red);
        }
        return rgb;
    }

    /// <summary>Checkerboard of yellow and green squares (green channel always 255).</summary>
    public static byte[] Original()
    {
        var rgb = new byte[OriginalWidth * OriginalHeight * 3];
        for (int y = 0; y < OriginalHeight; y++)
        for (int x = 0; x < OriginalWidth; x++)
        {
            int i = (y * OriginalWidth + x) * 3;
            bool yellow = (x / OriginalSquare + y / OriginalSquare) % 2 == 0;
            rgb[i] = yellow ? (byte)255 : (byte)0;
            rgb[i + 1] = 255;
            rgb[i + 2] = 0;
        }
        return rgb;
    }
}
