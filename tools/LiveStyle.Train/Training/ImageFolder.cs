using LiveStyle.Core;
using LiveStyle.Core.Imaging;

namespace LiveStyle.Train.Training;

/// <summary>The image files of a dataset folder (and its sub-folders), in a fixed order.</summary>
public static class ImageFolder
{
    public static IReadOnlyList<string> List(string directory, string role)
    {
        if (File.Exists(directory)) throw new LiveStyleException($"{role} {directory} is a file: pass a folder of images");
        if (!Directory.Exists(directory)) throw new LiveStyleException($"{role} not found: {directory}");
        List<string> files;
        try
        {
            files = Directory.EnumerateFiles(directory, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = false })
                .Where(ImageFile.LooksLikeImage)
                .Order(StringComparer.Ordinal)
                .ToList();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LiveStyleException($"cannot read {role} {directory}: {e.Message}", e);
        }
        if (files.Count == 0)
            throw new LiveStyleException($"{role} {directory} holds no images ({string.Join(", ", ImageFile.ReadableExtensions.Order())})");
        return files;
    }
}
