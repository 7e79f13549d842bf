namespace LiveStyle.App.Cli;

/// <summary>A WIDTHxHEIGHT option value (written that way in the help).</summary>
public readonly record struct PixelSize(int Width, int Height)
{
    public override string ToString() => $"{Width}x{Height}";
}
