using Silk.NET.OpenGL;

namespace LiveStyle.App.Display;

/// <summary>
/// Draws the stylized frame into the window: letterboxed (black bars), linearly scaled,
/// optionally as a split view (original left, stylized right) and/or with the original's colours.
/// Frames are RGB24 byte arrays (rows top first, stride = width * 3); the original may have a
/// different size than the stylized frame and is stretched over the same area.
/// Use on the GL thread only (see <see cref="GlWindow"/>).
/// </summary>
public sealed class FrameRenderer : IDisposable
{
    private readonly GL _gl;
    private readonly ShaderProgram _program;
    private readonly uint _vertexArray;
    private readonly RgbTexture _stylized;
    private readonly RgbTexture _original;
    private readonly int _hasOriginalLocation;
    private readonly int _splitViewLocation;
    private readonly int _preserveColorLocation;
    private readonly int _dividerLocation;
    private readonly int _mirrorLocation;

    /// <param name="shaderDirectory">Folder with present.vert/present.frag; defaults to <see cref="ShaderProgram.DefaultDirectory"/>.</param>
    public FrameRenderer(GL gl, string? shaderDirectory = null)
    {
        _gl = gl;
        _program = ShaderProgram.Load(gl, shaderDirectory ?? ShaderProgram.DefaultDirectory, "present.vert", "present.frag");
        _hasOriginalLocation = _program.Uniform("uHasOriginal");
        _splitViewLocation = _program.Uniform("uSplitView");
        _preserveColorLocation = _program.Uniform("uPreserveColor");
        _dividerLocation = _program.Uniform("uDividerHalfWidth");
        _mirrorLocation = _program.Uniform("uMirror");

        _program.Use();
        gl.Uniform1(_program.Uniform("uStylized"), 0);
        gl.Uniform1(_program.Uniform("uOriginal"), 1);

        // Core profile needs a bound vertex array even though the quad comes from gl_VertexID.
        _vertexArray = gl.GenVertexArray();
        _stylized = new RgbTexture(gl);
        _original = new RgbTexture(gl);
    }

    /// <summary>Left half of the frame area shows the original, right half the stylized frame, with a divider line.</summary>
    public bool SplitView { get; set; }

    /// <summary>Keeps the original frame's colours: stylized luminance with the original's chrominance (BT.601).</summary>
    public bool PreserveColor { get; set; }

    /// <summary>Shows the frames mirrored left–right (the preview only; outputs are not affected).</summary>
    public bool Mirror { get; set; }

    /// <summary>Width of the split-view divider line in framebuffer pixels.</summary>
    public int DividerWidth { get; set; } = 2;

    /// <summary>True once a stylized frame has been uploaded.</summary>
    public bool HasFrame => !_stylized.IsEmpty;

    /// <summary>Uploads the stylized frame (RGB24, stride = width * 3).</summary>
    public void SetStylized(ReadOnlySpan<byte> rgb, int width, int height, bool bgr = false) => _stylized.Upload(rgb, width, height, bgr);

    /// <summary>Uploads the original camera frame (RGB24, stride = width * 3), used by split view and colour preservation.</summary>
    public void SetOriginal(ReadOnlySpan<byte> rgb, int width, int height, bool bgr = false) => _original.Upload(rgb, width, height, bgr);

    /// <summary>
    /// Clears the framebuffer to black and draws the current frames letterboxed into it.
    /// Returns the frame area (empty while no stylized frame has arrived).
    /// </summary>
    public PixelRect Draw(int framebufferWidth, int framebufferHeight)
    {
        _gl.Viewport(0, 0, (uint)Math.Max(framebufferWidth, 0), (uint)Math.Max(framebufferHeight, 0));
        _gl.ClearColor(0f, 0f, 0f, 1f);
        _gl.Clear(ClearBufferMask.ColorBufferBit);
        if (!HasFrame)
            return default;

        var area = Letterbox.Fit(_stylized.Width, _stylized.Height, framebufferWidth, framebufferHeight);
        if (area.IsEmpty)
            return area;

        _gl.Viewport(area.X, area.Y, (uint)area.Width, (uint)area.Height);
        _gl.Disable(EnableCap.Blend);
        _program.Use();
        _gl.ActiveTexture(TextureUnit.Texture0);
        _gl.BindTexture(TextureTarget.Texture2D, _stylized.Handle);
        _gl.ActiveTexture(TextureUnit.Texture1);
        _gl.BindTexture(TextureTarget.Texture2D, _original.Handle);
        _gl.Uniform1(_hasOriginalLocation, _original.IsEmpty ? 0 : 1);
        _gl.Uniform1(_splitViewLocation, SplitView ? 1 : 0);
        _gl.Uniform1(_preserveColorLocation, PreserveColor ? 1 : 0);
        _gl.Uniform1(_mirrorLocation, Mirror ? 1 : 0);
        _gl.Uniform1(_dividerLocation, 0.5f * DividerWidth / area.Width);
        _gl.BindVertexArray(_vertexArray);
        _gl.DrawArrays(PrimitiveType.TriangleStrip, 0, 4);
        _gl.BindVertexArray(0);
        _gl.ActiveTexture(TextureUnit.Texture0);
        _gl.Viewport(0, 0, (uint)framebufferWidth, (uint)framebufferHeight);
        return area;
    }

    public void Dispose()
    {
        _stylized.Dispose();
        _original.Dispose();
        _gl.DeleteVertexArray(_vertexArray);
        _program.Dispose();
    }
}
