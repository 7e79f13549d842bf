namespace LiveStyle.Core.Files;

/// <summary>Whether two paths name the same file: absolute, with every symbolic link on the way resolved.</summary>
public static class PathIdentity
{
    private const int MaxLinkDepth = 40;

    public static bool SameFile(string a, string b) =>
        string.Equals(Canonical(a), Canonical(b), OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal);

    /// <summary>The absolute path with links resolved component by component (like realpath); parts that do not exist are kept as they are.</summary>
    public static string Canonical(string path) => Canonical(path, 0);

    private static string Canonical(string path, int depth)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full) ?? "";
        var current = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar))
        {
            if (part.Length == 0) continue;
            current = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (info.LinkTarget is null || depth >= MaxLinkDepth) continue;
            try
            {
                if (info.ResolveLinkTarget(returnFinalTarget: true) is { } target)
                    current = Canonical(target.FullName, depth + 1);
            }
            catch (IOException)
            {
                // A link loop or a dangling link: keep the link's own path.
            }
        }
        return current;
    }
}
