namespace LiveStyle.Core.Sinks.VirtualCamera;

/// <summary>A video device that sysfs says v4l2loopback created.</summary>
public sealed record V4l2LoopbackEntry(string DevicePath, string Label, int Number);

/// <summary>
/// Lists v4l2loopback devices from sysfs: /sys/class/video4linux/videoN/ holds the card label in
/// <c>name</c>, and v4l2loopback alone adds the attribute <c>max_openers</c>. Both roots are
/// parameters so tests can point them at a fake tree.
/// </summary>
public static class V4l2LoopbackDiscovery
{
    public const string DefaultSysfsRoot = "/sys/class/video4linux";
    public const string DefaultDeviceRoot = "/dev";
    public const string PreferredLabel = "LiveStyle";
    private const string LoopbackAttribute = "max_openers";

    /// <summary>The loopback devices, those labelled "LiveStyle" first, then by number.</summary>
    public static IReadOnlyList<V4l2LoopbackEntry> Find(string sysfsRoot = DefaultSysfsRoot, string deviceRoot = DefaultDeviceRoot)
    {
        if (!Directory.Exists(sysfsRoot))
            return [];
        var entries = new List<V4l2LoopbackEntry>();
        foreach (var dir in Directory.EnumerateFileSystemEntries(sysfsRoot, "video*"))
        {
            var name = Path.GetFileName(dir);
            if (!int.TryParse(name.AsSpan("video".Length), out var number))
                continue;
            if (!File.Exists(Path.Combine(dir, LoopbackAttribute)))
                continue;
            entries.Add(new V4l2LoopbackEntry(Path.Combine(deviceRoot, name), ReadLabel(dir), number));
        }
        return entries
            .OrderBy(e => e.Label == PreferredLabel ? 0 : 1)
            .ThenBy(e => e.Number)
            .ToList();
    }

    private static string ReadLabel(string dir)
    {
        try
        {
            return File.ReadAllText(Path.Combine(dir, "name")).Trim();
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }
}
