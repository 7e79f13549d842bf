using LiveStyle.Core.Files;
using OpenCvSharp;

namespace LiveStyle.Core.Imaging;

/// <summary>Reads and writes image files with clear errors; writes are atomic (temporary file, then rename).</summary>
public static class ImageFile
{
    public static readonly IReadOnlySet<string> WritableExtensions =
        new HashSet<string>(StringComparer.OrdinalIgnoreCase) { ".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp" };

    public static readonly IReadOnlySet<string> ReadableExtensions =
        new HashSet<string>(WritableExtensions, StringComparer.OrdinalIgnoreCase) { ".ppm", ".pgm", ".pbm", ".jp2", ".gif" };

    public static bool LooksLikeImage(string path) => ReadableExtensions.Contains(Path.GetExtension(path));

    /// <summary>Reads an image as 8-bit BGR. <paramref name="role"/> names it in errors ("content image").</summary>
    public static Mat ReadBgr(string path, string role = "image") => DecodeBgr(ReadBytes(path, role), path, role);

    /// <summary>An image file's bytes: a regular file within <see cref="ImageLimits.MaxBytes"/>.</summary>
    public static byte[] ReadBytes(string path, string role = "image") =>
        RegularFile.ReadAll(path, role, ImageLimits.MaxBytes, $"set {ImageLimits.MaxBytesVariable} to allow larger files");

    /// <summary>
    /// Decodes an image file's bytes as 8-bit BGR after checking the size its header declares
    /// against <see cref="ImageLimits.MaxPixels"/>; <paramref name="path"/> and <paramref name="role"/> name it in errors.
    /// </summary>
    public static Mat DecodeBgr(byte[] bytes, string path, string role = "image")
    {
        if (bytes.Length == 0)
            throw new LiveStyleException($"{role} {path} is empty (0 bytes): replace it with a real image");
        var size = ImageHeader.TryReadSize(bytes)
            ?? throw new LiveStyleException($"{role} {path} is not a readable image (corrupt, or a format OpenCV cannot decode): use a PNG or JPEG");
        var maxPixels = ImageLimits.MaxPixels;
        if (size.Width <= 0 || size.Height <= 0)
            throw new LiveStyleException($"{role} {path} is not a readable image: its {size.Format} header gives a size of {size.Width}×{size.Height}");
        if (size.Width > maxPixels / size.Height)
            throw new LiveStyleException(
                $"{role} {path} is a {size.Width}×{size.Height} {size.Format} image, more than the limit of {maxPixels} pixels " +
                $"(it would take about {size.Width * size.Height * 3 / (1 << 20)} MiB or more to decode): " +
                $"scale it down, or set {ImageLimits.MaxPixelsVariable} to allow larger images");

        Mat image;
        try { image = Cv2.ImDecode(bytes, ImreadModes.Color); }
        catch (OpenCVException e)
        {
            throw new LiveStyleException($"{role} {path} cannot be decoded: {e.Message}", e);
        }
        if (image.Empty() || image.Width == 0 || image.Height == 0)
        {
            image.Dispose();
            throw new LiveStyleException($"{role} {path} is not a readable image (corrupt, or a format OpenCV cannot decode): use a PNG or JPEG");
        }
        return image;
    }

    /// <summary>Writes an 8-bit BGR image; the format follows the extension. Nothing is left at the path on failure.</summary>
    public static void WriteBgr(Mat image, string path)
    {
        var extension = Path.GetExtension(path);
        if (!WritableExtensions.Contains(extension))
            throw new LiveStyleException($"cannot write {path}: unknown image type '{extension}' (use {string.Join(", ", WritableExtensions)})");
        if (!Cv2.ImEncode(extension, image, out var encoded))
            throw new LiveStyleException($"cannot encode {path} as {extension}");
        WriteAtomically(path, encoded);
    }

    public static void WriteAtomically(string path, byte[] bytes)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(directory);
            File.WriteAllBytes(temporary, bytes);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new LiveStyleException($"cannot write {path}: {e.Message}", e);
        }
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
