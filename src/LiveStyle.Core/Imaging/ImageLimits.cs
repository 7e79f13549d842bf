namespace LiveStyle.Core.Imaging;

/// <summary>
/// How large an image file and a decoded image may be: a small file can declare a huge image (a
/// "decompression bomb"), which would cost gigabytes and could kill the process. Both limits can
/// be raised through environment variables, for every command at once.
/// </summary>
public static class ImageLimits
{
    public const string MaxPixelsVariable = "LIVESTYLE_MAX_IMAGE_PIXELS";
    public const string MaxBytesVariable = "LIVESTYLE_MAX_IMAGE_BYTES";
    public const long DefaultMaxPixels = 100_000_000;
    public const long DefaultMaxBytes = 256L * 1024 * 1024;

    /// <summary>Width × height allowed ($LIVESTYLE_MAX_IMAGE_PIXELS, default 100 megapixels).</summary>
    public static long MaxPixels => FromEnvironment(MaxPixelsVariable, DefaultMaxPixels);

    /// <summary>File size allowed ($LIVESTYLE_MAX_IMAGE_BYTES, default 256 MiB).</summary>
    public static long MaxBytes => FromEnvironment(MaxBytesVariable, DefaultMaxBytes);

    private static long FromEnvironment(string name, long fallback)
    {
        var text = Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        return long.TryParse(text, out var value) && value > 0
            ? value
            : throw new LiveStyleException($"{name}={text} is not a positive whole number");
    }
}
