using System.Runtime.InteropServices;

namespace LiveStyle.ElfPatch;

/// <summary>
/// Finds the copy of a shared library the dynamic loader would pick: $LD_LIBRARY_PATH first,
/// then the usual Debian/Ubuntu multiarch and Fedora/Arch library folders.
/// </summary>
public static class SystemLibrary
{
    public static string? Locate(string fileName)
    {
        foreach (var folder in SearchFolders())
        {
            var candidate = Path.Combine(folder, fileName);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }

    public static IEnumerable<string> SearchFolders()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("LD_LIBRARY_PATH") ?? "";
        foreach (var folder in fromEnvironment.Split(':', StringSplitOptions.RemoveEmptyEntries)) yield return folder;
        var triplet = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => "x86_64-linux-gnu",
            Architecture.Arm64 => "aarch64-linux-gnu",
            _ => null,
        };
        if (triplet is not null)
        {
            yield return $"/lib/{triplet}";
            yield return $"/usr/lib/{triplet}";
        }
        yield return "/lib64";
        yield return "/usr/lib64";
        yield return "/lib";
        yield return "/usr/lib";
    }
}
