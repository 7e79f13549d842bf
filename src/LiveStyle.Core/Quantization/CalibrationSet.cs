using System.Security.Cryptography;
using System.Text;
using LiveStyle.Core.Imaging;

namespace LiveStyle.Core.Quantization;

/// <summary>
/// The images the int8 stylizer is calibrated and judged on: a folder of content photos and a
/// folder of style images. Sorted by name, every third content image (the last of two) is held
/// out for the quality gate and never calibrated on; so is every third style. <see cref="Hash"/>
/// covers every file's name and bytes and keys the model cache.
/// </summary>
public sealed class CalibrationSet
{
    public const string ContentEnvironmentVariable = "LIVESTYLE_CALIBRATION";
    public const string StyleEnvironmentVariable = "LIVESTYLE_CALIBRATION_STYLES";

    public string ContentDirectory { get; }
    public string StyleDirectory { get; }
    public IReadOnlyList<string> Contents { get; }
    public IReadOnlyList<string> Styles { get; }
    public string Hash { get; }

    public IReadOnlyList<string> CalibrationContents => Contents.Where((_, i) => !IsHeldOut(i, Contents.Count)).ToArray();
    public IReadOnlyList<string> HeldOutContents => Contents.Where((_, i) => IsHeldOut(i, Contents.Count)).ToArray();
    public IReadOnlyList<string> CalibrationStyles => Styles.Where((_, i) => i % 3 != 2).ToArray();
    public IReadOnlyList<string> HeldOutStyles => Styles.Where((_, i) => i % 3 == 2).ToArray();

    private CalibrationSet(string contentDirectory, string styleDirectory, string[] contents, string[] styles, string hash)
    {
        ContentDirectory = contentDirectory;
        StyleDirectory = styleDirectory;
        Contents = contents;
        Styles = styles;
        Hash = hash;
    }

    /// <summary>The content folder: the option, else $LIVESTYLE_CALIBRATION, else ../shared/images/content beside the checkout.</summary>
    public static string ContentDirectoryFrom(string? option) => option is { Length: > 0 } ? option
        : Environment.GetEnvironmentVariable(ContentEnvironmentVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment
        : Path.GetFullPath(Path.Combine(LiveStyleHome.Root, "..", "shared", "images", "content"));

    /// <summary>The style folder: the option, else $LIVESTYLE_CALIBRATION_STYLES, else ../shared/images/style beside the checkout.</summary>
    public static string StyleDirectoryFrom(string? option) => option is { Length: > 0 } ? option
        : Environment.GetEnvironmentVariable(StyleEnvironmentVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment
        : Path.GetFullPath(Path.Combine(LiveStyleHome.Root, "..", "shared", "images", "style"));

    /// <summary>Lists and hashes both folders; a missing, unreadable or empty folder is a <see cref="LiveStyleException"/>.</summary>
    public static CalibrationSet Open(string contentDirectory, string styleDirectory)
    {
        var contents = ListImages(contentDirectory, "content", ContentEnvironmentVariable, "--calibration");
        var styles = ListImages(styleDirectory, "style", StyleEnvironmentVariable, "--calibration-styles");
        if (contents.Length < 2)
            throw new LiveStyleException($"calibration set: the content folder {contentDirectory} has {contents.Length} image; it needs at least 2 (one to calibrate on, one held out for the quality gate)");
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var path in contents.Concat(styles))
        {
            sha.AppendData(Encoding.UTF8.GetBytes($"{Path.GetFileName(path)}\n"));
            sha.AppendData(ReadBytes(path));
        }
        return new CalibrationSet(contentDirectory, styleDirectory, contents, styles, Convert.ToHexStringLower(sha.GetHashAndReset()));
    }

    private static bool IsHeldOut(int index, int count) => count < 3 ? index == count - 1 : index % 3 == 2;

    private static string[] ListImages(string directory, string role, string environmentVariable, string option)
    {
        if (!Directory.Exists(directory))
            throw new LiveStyleException($"calibration set: the {role} folder {directory} does not exist (give {option} DIR or set {environmentVariable})");
        string[] images;
        try
        {
            images = Directory.EnumerateFiles(directory).Where(ImageFile.LooksLikeImage).Order(StringComparer.Ordinal).ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LiveStyleException($"calibration set: cannot read the {role} folder {directory}: {e.Message}", e);
        }
        if (images.Length == 0)
            throw new LiveStyleException($"calibration set: the {role} folder {directory} has no images ({string.Join(", ", ImageFile.ReadableExtensions)})");
        return images;
    }

    private static byte[] ReadBytes(string path) => ImageFile.ReadBytes(path, "calibration set: image");
}
