using LiveStyle.App.Cli;
using LiveStyle.Core;
using LiveStyle.Core.Imaging;

namespace LiveStyle.App.Stylize;

/// <summary>One output image: a content image stylized with one style, or with a mix of styles.</summary>
public sealed record StylizeJob(string ContentPath, IReadOnlyList<string> StylePaths, string OutputPath);

/// <summary>
/// Expands --content/--style (files or folders) into content × style jobs and names the outputs:
/// a single job may write to a file; several need --out to be a folder, where each result is
/// "{content}_stylized_{style}.jpg" as in the original release.
/// </summary>
public static class StylizePlan
{
    public const string FolderOutputExtension = ".jpg";

    public static IReadOnlyList<StylizeJob> Create(StylizeOptions options)
    {
        var contents = ExpandImages(options.Content, "content");
        var styles = options.Styles.SelectMany(s => ExpandImages(s, "style")).ToArray();
        if (options.StyleWeights is not null && styles.Length != options.StyleWeights.Count)
            throw new UsageException($"--style-weights has {options.StyleWeights.Count} values but --style names {styles.Length} images: give one weight per style image");

        IReadOnlyList<IReadOnlyList<string>> styleSets = options.StyleWeights is null
            ? styles.Select(s => (IReadOnlyList<string>)[s]).ToArray()
            : [styles];
        var jobCount = contents.Count * styleSets.Count;

        var outIsFile = Path.HasExtension(options.Out) && !Directory.Exists(options.Out);
        if (outIsFile)
        {
            if (jobCount > 1)
                throw new UsageException($"--out {options.Out} is a file, but {contents.Count} content × {styleSets.Count} style images make {jobCount} results: give a folder");
            if (!ImageFile.WritableExtensions.Contains(Path.GetExtension(options.Out)))
                throw new UsageException($"--out {options.Out}: unknown image type (use {string.Join(", ", ImageFile.WritableExtensions)})");
            return [new StylizeJob(contents[0], styleSets[0], options.Out)];
        }
        if (File.Exists(options.Out))
            throw new UsageException($"--out {options.Out} is an existing file without an image extension: give a folder or an image file name");

        return contents
            .SelectMany(content => styleSets.Select(set => new StylizeJob(content, set, Path.Combine(options.Out, OutputName(content, set)))))
            .ToArray();
    }

    private static string OutputName(string content, IReadOnlyList<string> styles) =>
        $"{Path.GetFileNameWithoutExtension(content)}_stylized_{string.Join("+", styles.Select(Path.GetFileNameWithoutExtension))}{FolderOutputExtension}";

    /// <summary>A file stays as it is (it is checked when read); a folder gives its image files, sorted.</summary>
    private static IReadOnlyList<string> ExpandImages(string path, string role)
    {
        if (Directory.Exists(path))
        {
            var images = Directory.EnumerateFiles(path).Where(ImageFile.LooksLikeImage).Order(StringComparer.Ordinal).ToArray();
            if (images.Length == 0)
                throw new LiveStyleException($"{role} folder {path} has no image files ({string.Join(", ", ImageFile.ReadableExtensions)})");
            return images;
        }
        if (!File.Exists(path))
            throw new LiveStyleException($"{role} image not found: {path}");
        return [path];
    }
}
