using Silk.NET.OpenGL;

namespace LiveStyle.App.Display;

/// <summary>
/// A 2D texture fed with 24-bit RGB or BGR images (rows top first, stride = width * 3).
/// Storage is re-allocated only when the size changes; otherwise frames go through glTexSubImage2D.
/// </summary>
internal sealed unsafe class RgbTexture : IDisposable
{
    private readonly GL _gl;

    public RgbTexture(GL gl)
    {
        _gl = gl;
        Handle = gl.GenTexture();
        gl.BindTexture(TextureTarget.Texture2D, Handle);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureMinFilter, (int)TextureMinFilter.Linear);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureMagFilter, (int)TextureMagFilter.Linear);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureWrapS, (int)TextureWrapMode.ClampToEdge);
        gl.TexParameter(TextureTarget.Texture2D, TextureParameterName.TextureWrapT, (int)TextureWrapMode.ClampToEdge);
    }

    public uint Handle { get; }
    public int Width { get; private set; }
    public int Height { get; private set; }
    public bool IsEmpty => Width == 0;

    public void Upload(ReadOnlySpan<byte> rgb, int width, int height, bool bgr = false)
    {
        if (width <= 0 || height <= 0)
            throw new ArgumentOutOfRangeException(nameof(width), $"image size {width}x{height} is not positive");
        if (rgb.Length < width * height * 3)
            throw new ArgumentException($"RGB24 image {width}x{height} needs {width * height * 3} bytes, got {rgb.Length}", nameof(rgb));

        _gl.BindTexture(TextureTarget.Texture2D, Handle);
        _gl.PixelStore(PixelStoreParameter.UnpackAlignment, 1); // rows are width*3 bytes, not 4-aligned
        fixed (byte* pixels = rgb)
        {
            if (width == Width && height == Height)
            {
                _gl.TexSubImage2D(TextureTarget.Texture2D, 0, 0, 0, (uint)width, (uint)height,
                    bgr ? PixelFormat.Bgr : PixelFormat.Rgb, PixelType.UnsignedByte, pixels);
            }
            else
            {
                _gl.TexImage2D(TextureTarget.Texture2D, 0, InternalFormat.Rgb8, (uint)width, (uint)height, 0,
                    bgr ? PixelFormat.Bgr : PixelFormat.Rgb, PixelType.UnsignedByte, pixels);
                Width = width;
                Height = height;
            }
        }
    }

    public void Dispose() => _gl.DeleteTexture(Handle);
}
