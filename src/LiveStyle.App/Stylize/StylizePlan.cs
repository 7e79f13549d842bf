using LiveStyle.App.Cli;
using LiveStyle.Core;
using LiveStyle.Core.Files;
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
            return RefuseOverwritingInputs([new StylizeJob(contents[0], styleSets[0], options.Out)]);
        }
        if (File.Exists(options.Out))
            throw new UsageException($"--out {options.Out} is an existing file without an image extension: give a folder or an image file name");

        var pairs = contents.SelectMany(content => styleSets.Select(set => (Content: content, Styles: set))).ToArray();
        var names = UniqueNames(pairs.Select(p => OutputName(Path.GetFileNameWithoutExtension(p.Content), p.Styles)).ToArray(),
                                pairs.Select(p => OutputName(Path.GetFileName(p.Content).Replace('.', '_'), p.Styles)).ToArray());
        return RefuseOverwritingInputs([.. pairs.Select((p, i) => new StylizeJob(p.Content, p.Styles, Path.Combine(options.Out, names[i])))]);
    }

    private static string OutputName(string contentName, IReadOnlyList<string> styles) =>
        $"{contentName}_stylized_{string.Join("+", styles.Select(Path.GetFileNameWithoutExtension))}{FolderOutputExtension}";

    /// <summary>
    /// The short names where they are unique; names shared by several results (x.jpg and x.png)
    /// take the content's extension ("x_png_stylized_…"), and any still shared get "-2", "-3"…
    /// (file systems may ignore case).
    /// </summary>
    private static string[] UniqueNames(string[] shortNames, string[] longNames)
    {
        var comparer = StringComparer.OrdinalIgnoreCase;
        var shared = shortNames.GroupBy(n => n, comparer).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(comparer);
        var names = shortNames.Select((n, i) => shared.Contains(n) ? longNames[i] : n).ToArray();
        var taken = new HashSet<string>(comparer);
        for (var i = 0; i < names.Length; i++)
        {
            var stem = Path.GetFileNameWithoutExtension(names[i]);
            for (var k = 2; !taken.Add(names[i]); k++) names[i] = $"{stem}-{k}{FolderOutputExtension}";
        }
        return names;
    }

    /// <summary>A result must never replace one of the images it is made from (also through another path or a link).</summary>
    private static IReadOnlyList<StylizeJob> RefuseOverwritingInputs(IReadOnlyList<StylizeJob> jobs)
    {
        var inputs = jobs.SelectMany(j => j.StylePaths.Prepend(j.ContentPath)).Distinct().ToArray();
        foreach (var job in jobs)
        {
            if (!File.Exists(job.OutputPath)) continue;
            var input = inputs.FirstOrDefault(i => PathIdentity.SameFile(i, job.OutputPath));
            if (input is not null)
                throw new UsageException($"--out {job.OutputPath} is the input image {input}: it would be overwritten; choose another --out");
        }
        return jobs;
    }

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
