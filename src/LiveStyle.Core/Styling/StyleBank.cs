using LiveStyle.Core.Imaging;
using LiveStyle.Core.Networks;

namespace LiveStyle.Core.Styling;

/// <summary>
/// The styles the live view cycles through: every image in a folder, in name order, with its
/// signals from the network's style encoder (or the disk cache). <see cref="Refresh"/> picks up images
/// added to or removed from the folder; unreadable images are skipped with a message, once.
/// A bank belongs to one network: its entries hold that network's style signals.
/// <see cref="Styles"/> is an immutable snapshot, safe to read from any thread.
/// </summary>
public sealed class StyleBank(string directory, IStyleNetwork network, StyleSignalsCache cache, int styleSize, Action<string>? log = null)
{
    private readonly object _refreshGate = new();
    private readonly HashSet<string> _reportedBad = new(StringComparer.Ordinal);
    private volatile IReadOnlyList<StyleEntry> _styles = [];

    public string Directory => directory;
    public IStyleNetwork Network => network;
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
            var signals = cache.TryLoad(bytes, log);
            if (signals is null)
            {
                using var bgr = ImageFile.DecodeBgr(bytes, file, "style image");
                using var sized = ImageResize.ShorterSideTo(bgr, styleSize);
                signals = network.EncodeStyle(ImageConversion.ToPlanar(sized));
                cache.Save(bytes, signals, log);
            }
            _reportedBad.Remove(file);
            return new StyleEntry(StyleName(file), file, signals);
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
