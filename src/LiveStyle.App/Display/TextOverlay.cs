using Silk.NET.OpenGL;

namespace LiveStyle.App.Display;

/// <summary>
/// Short lines of ASCII text on a semi-transparent dark box in the top-left corner
/// (status line, key help). Uses <see cref="BitmapFont"/> scaled by an integer factor; the box and
/// all characters are one instanced draw from a vertex buffer allocated once. The buffer is
/// refilled only when the text or scale changes. Use on the GL thread only.
/// </summary>
public sealed unsafe class TextOverlay : IDisposable
{
    private const int FloatsPerQuad = 5; // x, y, width, height, glyph
    private const int Margin = 8;        // box distance from the window corner, pixels
    private const int Padding = 6;       // text distance from the box edge, pixels

    private readonly GL _gl;
    private readonly ShaderProgram _program;
    private readonly uint _vertexArray;
    private readonly uint _buffer;
    private readonly uint _fontTexture;
    private readonly float[] _quads;
    private readonly int _viewportLocation;
    private readonly int _textColorLocation;
    private readonly int _boxColorLocation;
    private string _text = "";
    private int _builtScale;
    private int _quadCount;
    private bool _dirty = true;

    /// <param name="maxCharacters">Characters beyond this many are not drawn.</param>
    public TextOverlay(GL gl, string? shaderDirectory = null, int maxCharacters = 2048)
    {
        _gl = gl;
        MaxCharacters = maxCharacters;
        _quads = new float[(maxCharacters + 1) * FloatsPerQuad];

        _program = ShaderProgram.Load(gl, shaderDirectory ?? ShaderProgram.DefaultDirectory, "overlay.vert", "overlay.frag");
        _viewportLocation = _program.Uniform("uViewport");
        _textColorLocation = _program.Uniform("uTextColor");
        _boxColorLocation = _program.Uniform("uBoxColor");
        _program.Use();
        gl.Uniform1(_program.Uniform("uFont"), 0);
        gl.Uniform2(_program.Uniform("uAtlasCells"), (float)BitmapFont.AtlasColumns, BitmapFont.AtlasRows);
        gl.Uniform2(_program.Uniform("uGlyphInCell"),
            (float)BitmapFont.GlyphWidth / BitmapFont.CellWidth, (float)BitmapFont.GlyphHeight / BitmapFont.CellHeight);

        _fontTexture = CreateFontTexture(gl);

        _vertexArray = gl.GenVertexArray();
        _buffer = gl.GenBuffer();
        gl.BindVertexArray(_vertexArray);
        gl.BindBuffer(BufferTargetARB.ArrayBuffer, _buffer);
        gl.BufferData(BufferTargetARB.ArrayBuffer, (nuint)(_quads.Length * sizeof(float)), null, BufferUsageARB.DynamicDraw);
        const uint stride = FloatsPerQuad * sizeof(float);
        gl.EnableVertexAttribArray(0);
        gl.VertexAttribPointer(0, 4, VertexAttribPointerType.Float, false, stride, (void*)0);
        gl.VertexAttribDivisor(0, 1);
        gl.EnableVertexAttribArray(1);
        gl.VertexAttribPointer(1, 1, VertexAttribPointerType.Float, false, stride, (void*)(4 * sizeof(float)));
        gl.VertexAttribDivisor(1, 1);
        gl.BindVertexArray(0);
    }

    public int MaxCharacters { get; }

    /// <summary>Screen pixels per font pixel (1 = 5x9 glyphs).</summary>
    public int Scale { get; set; } = 2;

    public (float R, float G, float B, float A) TextColor { get; set; } = (1f, 1f, 1f, 1f);

    public (float R, float G, float B, float A) BoxColor { get; set; } = (0f, 0f, 0f, 0.6f);

    /// <summary>The text to show; lines are separated by '\n'. Setting the same text again costs nothing.</summary>
    public string Text
    {
        get => _text;
        set
        {
            if (string.Equals(value, _text, StringComparison.Ordinal))
                return;
            _text = value ?? "";
            _dirty = true;
        }
    }

    /// <summary>Size of the box that <see cref="Text"/> needs at the current <see cref="Scale"/>, in pixels.</summary>
    public (int Width, int Height) BoxSize
    {
        get
        {
            int columns = 0, lines = 0, current = 0;
            foreach (char c in _text)
            {
                if (c == '\n') { lines++; current = 0; continue; }
                if (c == '\r') continue;
                columns = Math.Max(columns, ++current);
            }
            if (_text.Length > 0 && _text[^1] != '\n')
                lines++;
            int scale = Math.Max(Scale, 1);
            return (columns * BitmapFont.CellWidth * scale + 2 * Padding,
                    lines * LineHeight(scale) - LineGap(scale) + 2 * Padding);
        }
    }

    /// <summary>Draws the box and text over whatever is in the framebuffer (nothing when the text is empty).</summary>
    public void Draw(int framebufferWidth, int framebufferHeight)
    {
        if (_text.Length == 0 || framebufferWidth <= 0 || framebufferHeight <= 0)
            return;
        if (_dirty || _builtScale != Scale)
            Rebuild();

        _gl.Viewport(0, 0, (uint)framebufferWidth, (uint)framebufferHeight);
        _gl.Enable(EnableCap.Blend);
        _gl.BlendFunc(BlendingFactor.SrcAlpha, BlendingFactor.OneMinusSrcAlpha);
        _program.Use();
        _gl.Uniform2(_viewportLocation, (float)framebufferWidth, framebufferHeight);
        _gl.Uniform4(_textColorLocation, TextColor.R, TextColor.G, TextColor.B, TextColor.A);
        _gl.Uniform4(_boxColorLocation, BoxColor.R, BoxColor.G, BoxColor.B, BoxColor.A);
        _gl.ActiveTexture(TextureUnit.Texture0);
        _gl.BindTexture(TextureTarget.Texture2D, _fontTexture);
        _gl.BindVertexArray(_vertexArray);
        _gl.DrawArraysInstanced(PrimitiveType.TriangleStrip, 0, 4, (uint)_quadCount);
        _gl.BindVertexArray(0);
        _gl.Disable(EnableCap.Blend);
    }

    public void Dispose()
    {
        _gl.DeleteBuffer(_buffer);
        _gl.DeleteVertexArray(_vertexArray);
        _gl.DeleteTexture(_fontTexture);
        _program.Dispose();
    }

    private static int LineGap(int scale) => 3 * scale;

    private static int LineHeight(int scale) => BitmapFont.GlyphHeight * scale + LineGap(scale);

    // Fills _quads (box first, so the characters draw over it) and uploads the used part.
    private void Rebuild()
    {
        int scale = Math.Max(Scale, 1);
        var (boxWidth, boxHeight) = BoxSize;
        int count = 0;
        WriteQuad(count++, Margin, Margin, boxWidth, boxHeight, -1);

        float glyphWidth = BitmapFont.GlyphWidth * scale, glyphHeight = BitmapFont.GlyphHeight * scale;
        int x = Margin + Padding, y = Margin + Padding;
        foreach (char c in _text)
        {
            if (c == '\n') { x = Margin + Padding; y += LineHeight(scale); continue; }
            if (c == '\r') continue;
            if (count > MaxCharacters) break;
            if (c != ' ')
                WriteQuad(count++, x, y, glyphWidth, glyphHeight, BitmapFont.GlyphIndex(c));
            x += BitmapFont.CellWidth * scale;
        }

        _gl.BindBuffer(BufferTargetARB.ArrayBuffer, _buffer);
        fixed (float* data = _quads)
            _gl.BufferSubData(BufferTargetARB.ArrayBuffer, 0, (nuint)(count * FloatsPerQuad * sizeof(float)), data);
        _quadCount = count;
        _builtScale = Scale;
        _dirty = false;
    }

    private void WriteQuad(int index, float x, float y, float width, float height, float glyph)
    {
        int at = index * FloatsPerQuad;
        _quads[at] = x;
        _quads[at + 1] = y;
        _quads[at + 2] = width;
        _quads[at + 3] = height;
        _quads[at + 4] = glyph;
    }

    private static uint CreateFontTexture(GL gl)
    {
        uint texture = gl.GenTexture();
        gl.BindTexture(TextureTarget.Texture2D, texture);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureMinFilter, (int)TextureMinFilter.Nearest);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureMagFilter, (int)TextureMagFilter.Nearest);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureWrapS, (int)TextureWrapMode.ClampToEdge);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureWrapT, (int)TextureWrapMode.ClampToEdge);
        gl.PixelStore(PixelStoreParameter.UnpackAlignment, 1);
        fixed (byte* atlas = BitmapFont.BuildAtlas())
        {
            gl.TexImage2D(TextureTarget.Texture2D, 0, InternalFormat.R8, BitmapFont.AtlasWidth, BitmapFont.AtlasHeight, 0,
                PixelFormat.Red, PixelType.UnsignedByte, atlas);
        }
        return texture;
    }
}
