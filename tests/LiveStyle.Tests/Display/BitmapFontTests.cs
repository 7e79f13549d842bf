using LiveStyle.App.Display;
using NUnit.Framework;

namespace LiveStyle.Tests.Display;

public class BitmapFontTests
{
    [Test]
    public void EveryPrintableCharacterButSpaceHasInk()
    {
        for (char c = '!'; c <= '~'; c++)
            Assert.That(InkCount(c), Is.GreaterThan(0), $"glyph '{c}' is blank");
        Assert.That(InkCount(' '), Is.Zero);
    }

    [Test]
    public void GlyphsAreDistinct()
    {
        var seen = new Dictionary<string, char>();
        for (char c = ' '; c <= '~'; c++)
        {
            string bits = string.Concat(Enumerable.Range(0, BitmapFont.GlyphHeight * BitmapFont.GlyphWidth)
                .Select(i => BitmapFont.IsSet(c, i % BitmapFont.GlyphWidth, i / BitmapFont.GlyphWidth) ? '#' : '.'));
            Assert.That(seen.TryAdd(bits, c), Is.True, $"'{c}' looks the same as '{(seen.TryGetValue(bits, out char other) ? other : '?')}'");
        }
    }

    [Test]
    public void UnknownCharactersShowAsQuestionMark()
    {
        Assert.That(BitmapFont.GlyphIndex('\u00e9'), Is.EqualTo(BitmapFont.GlyphIndex('?')));
        Assert.That(BitmapFont.GlyphIndex('\t'), Is.EqualTo(BitmapFont.GlyphIndex('?')));
        Assert.That(BitmapFont.GlyphIndex('A'), Is.EqualTo('A' - 32));
    }

    [Test]
    public void AtlasHoldsEachGlyphInItsCell_WithBlankSeparators()
    {
        byte[] atlas = BitmapFont.BuildAtlas();
        Assert.That(atlas, Has.Length.EqualTo(BitmapFont.AtlasWidth * BitmapFont.AtlasHeight));
        for (int glyph = 0; glyph < BitmapFont.GlyphCount; glyph++)
        {
            char c = (char)(BitmapFont.FirstChar + glyph);
            int left = glyph % BitmapFont.AtlasColumns * BitmapFont.CellWidth;
            int top = glyph / BitmapFont.AtlasColumns * BitmapFont.CellHeight;
            for (int y = 0; y < BitmapFont.CellHeight; y++)
            for (int x = 0; x < BitmapFont.CellWidth; x++)
            {
                bool ink = x < BitmapFont.GlyphWidth && y < BitmapFont.GlyphHeight && BitmapFont.IsSet(c, x, y);
                Assert.That(atlas[(top + y) * BitmapFont.AtlasWidth + left + x], Is.EqualTo(ink ? 255 : 0), $"'{c}' at ({x},{y})");
            }
        }
    }

    private static int InkCount(char c)
    {
        int count = 0;
        for (int y = 0; y < BitmapFont.GlyphHeight; y++)
        for (int x = 0; x < BitmapFont.GlyphWidth; x++)
            count += BitmapFont.IsSet(c, x, y) ? 1 : 0;
        return count;
    }
}
