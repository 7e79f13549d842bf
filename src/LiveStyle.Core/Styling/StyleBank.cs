using LiveStyle.Core.Imaging;
using LiveStyle.Core.Inference;

namespace LiveStyle.Core.Styling;

/// <summary>
/// The styles the live view cycles through: every image in a folder, in name order, with its
/// statistics from the style encoder (or the disk cache). <see cref="Refresh"/> picks up images
/// added to or removed from the folder; unreadable images are skipped with a message, once.
/// <see cref="Styles"/> is an immutable snapshot, safe to read from any thread.
/// </summary>
public sealed class StyleBank(string directory, StyleEncoder encoder, StyleStatisticsCache cache, int styleSize, Action<string>? log = null)
{
    private readonly object _refreshGate = new();
    private readonly HashSet<string> _reportedBad = new(StringComparer.Ordinal);
    private volatile IReadOnlyList<StyleEntry> _styles = [];

    public string Directory => directory;
    public IReadOnlyList<StyleEntry> Styles => _styles;

    /// <summary>Rescans the folder; returns how many styles were added. Thread-safe.</summary>
    public int Refresh()
    {
        lock (_refreshGate)
        {
            if (!System.IO.Directory.Exists(directory))
                throw new LiveStyleException($"style folder not found: {directory} (give --styles DIR with a few images)");

            var files = System.IO.Directory.EnumerateFiles(directory).Where(ImageFile.LooksLikeImage).Order(StringComparer.Ordinal).ToArray();
            var known = _styles.ToDictionary(s => s.ImagePath, StringComparer.Ordinal);
            var result = new List<StyleEntry>(files.Length);
            var added = 0;
            foreach (var file in files)
            {
                if (known.TryGetValue(file, out var existing))
                {
                    result.Add(existing);
                    continue;
                }
                var entry = TryLoad(file);
                if (entry is null) continue;
                result.Add(entry);
                added++;
            }
            var removed = known.Count - (result.Count - added);
            if (added > 0 && _styles.Count > 0) log?.Invoke($"{added} new style(s) in {directory}");
            if (removed > 0) log?.Invoke($"{removed} style(s) removed from {directory}");
            _styles = result;
            return added;
        }
    }

    private StyleEntry? TryLoad(string file)
    {
        try
        {
            var bytes = ImageFile.ReadBytes(file, "style image");
            var statistics = cache.TryLoad(bytes, log);
            if (statistics is null)
            {
                using var bgr = ImageFile.DecodeBgr(bytes, file, "style image");
                using var sized = ImageResize.ShorterSideTo(bgr, styleSize);
                statistics = encoder.Encode(ImageConversion.ToPlanar(sized));
                cache.Save(bytes, statistics, log);
            }
            _reportedBad.Remove(file);
            return new StyleEntry(StyleName(file), file, statistics);
        }
        catch (Exception e) when (e is LiveStyleException or IOException or UnauthorizedAccessException)
        {
            if (_reportedBad.Add(file)) log?.Invoke($"skipping style {Path.GetFileName(file)}: {e.Message}");
            return null;
        }
    }

    /// <summary>The display name: the file name without extension, underscores and dashes as single spaces.</summary>
    public static string StyleName(string file) =>
        string.Join(' ', Path.GetFileNameWithoutExtension(file).Split(['_', '-', ' '], StringSplitOptions.RemoveEmptyEntries));
}
