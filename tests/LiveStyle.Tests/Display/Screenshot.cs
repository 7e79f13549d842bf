using System.Diagnostics;
using System.Runtime.InteropServices;

namespace LiveStyle.Tests.Display;

/// <summary>An RGB24 picture of an X window, read with XGetImage (libX11, which GLFW needs anyway).</summary>
internal sealed unsafe class Screenshot
{
    private const string X11 = "libX11.so.6";
    private const int ZPixmap = 2;
    private const int LsbFirst = 0;

    private readonly byte[] _rgb;

    private Screenshot(int width, int height, byte[] rgb)
    {
        Width = width;
        Height = height;
        _rgb = rgb;
    }

    public int Width { get; }
    public int Height { get; }

    public (byte R, byte G, byte B) this[int x, int y]
    {
        get
        {
            int i = (y * Width + x) * 3;
            return (_rgb[i], _rgb[i + 1], _rgb[i + 2]);
        }
    }

    /// <summary>Captures the current contents of <paramref name="window"/> on <paramref name="display"/>.</summary>
    public static Screenshot Capture(string display, ulong window)
    {
        IntPtr connection = XOpenDisplay(display);
        if (connection == IntPtr.Zero)
            throw new InvalidOperationException($"XOpenDisplay({display}) failed");
        try
        {
            if (XGetGeometry(connection, (nuint)window, out _, out _, out _, out uint width, out uint height, out _, out _) == 0)
                throw new InvalidOperationException($"XGetGeometry failed for window {window}");
            XImage* image = XGetImage(connection, (nuint)window, 0, 0, width, height, nuint.MaxValue, ZPixmap);
            if (image == null)
                throw new InvalidOperationException($"XGetImage failed for window {window}");
            try
            {
                return FromXImage(image);
            }
            finally
            {
                _ = XDestroyImage(image);
            }
        }
        finally
        {
            _ = XCloseDisplay(connection);
        }
    }

    /// <summary>Writes a binary PPM, and a PNG beside it when ImageMagick's convert is installed.</summary>
    public string Save(string pathWithoutExtension)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(pathWithoutExtension)!);
        string ppm = pathWithoutExtension + ".ppm";
        using (var file = File.Create(ppm))
        {
            file.Write(System.Text.Encoding.ASCII.GetBytes($"P6\n{Width} {Height}\n255\n"));
            file.Write(_rgb);
        }
        if (!ExternalTool.IsOnPath("convert"))
            return ppm;
        string png = pathWithoutExtension + ".png";
        using var convert = Process.Start("convert", [ppm, png]);
        convert.WaitForExit(10_000);
        return convert.ExitCode == 0 ? png : ppm;
    }

    private static Screenshot FromXImage(XImage* image)
    {
        if (image->BitsPerPixel != 32 || image->ByteOrder != LsbFirst)
            throw new NotSupportedException($"unexpected X image format: {image->BitsPerPixel} bpp, byte order {image->ByteOrder}");

        int width = image->Width, height = image->Height;
        var rgb = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
        {
            uint* row = (uint*)(image->Data + (nint)y * image->BytesPerLine);
            for (int x = 0; x < width; x++)
            {
                uint pixel = row[x];
                int i = (y * width + x) * 3;
                rgb[i] = Channel(pixel, image->RedMask);
                rgb[i + 1] = Channel(pixel, image->GreenMask);
                rgb[i + 2] = Channel(pixel, image->BlueMask);
            }
        }
        return new Screenshot(width, height, rgb);
    }

    private static byte Channel(uint pixel, nuint mask)
    {
        uint m = (uint)mask;
        return (byte)((pixel & m) >> System.Numerics.BitOperations.TrailingZeroCount(m));
    }

    // The leading fields of Xlib's XImage (64-bit layout).
    [StructLayout(LayoutKind.Sequential)]
    private struct XImage
    {
        public int Width, Height, XOffset, Format;
        public byte* Data;
        public int ByteOrder, BitmapUnit, BitmapBitOrder, BitmapPad, Depth, BytesPerLine, BitsPerPixel;
        public nuint RedMask, GreenMask, BlueMask;
    }

    [DllImport(X11)] private static extern IntPtr XOpenDisplay(string name);
    [DllImport(X11)] private static extern int XCloseDisplay(IntPtr display);
    [DllImport(X11)] private static extern XImage* XGetImage(IntPtr display, nuint drawable, int x, int y, uint width, uint height, nuint planeMask, int format);
    [DllImport(X11)] private static extern int XDestroyImage(XImage* image);
    [DllImport(X11)]
    private static extern int XGetGeometry(IntPtr display, nuint drawable, out nuint root, out int x, out int y,
        out uint width, out uint height, out uint borderWidth, out uint depth);
}
