namespace LiveStyle.ElfPatch;

/// <summary>
/// Marks a symbol-version requirement of a library weak when the system library that should
/// define it does not: the dynamic loader then loads the library anyway (a missing weak version
/// is not an error) and only a call to a symbol of that version would fail.
/// </summary>
public static class WeakenCommand
{
    /// <returns>A one-line account of what was done.</returns>
    /// <param name="file">The library to patch in place (a copy in a build output, never a package cache).</param>
    /// <param name="version">The version requirement, e.g. GLIBCXX_3.4.32.</param>
    /// <param name="provider">The system library that would define it (its path), or null when none was found.</param>
    public static string Run(string file, string version, string? provider)
    {
        if (provider is not null && VersionDefinitions.Read(Elf64File.Read(provider)).Contains(version))
            return $"{provider} defines {version}: {Path.GetFileName(file)} left as it is";

        var elf = Elf64File.Read(file);
        var needs = VersionNeeds.Read(elf).Where(n => n.Version == version).ToList();
        if (needs.Count == 0)
            return $"{Path.GetFileName(file)} does not require {version}: nothing to do";
        if (needs.All(n => n.IsWeak))
            return $"{Path.GetFileName(file)}: {version} is already weak";

        VersionNeeds.MarkWeak(elf, version);
        // Write a new file and rename it over the old one, so a hard link to a package cache is never modified.
        var temporary = file + ".weak.tmp";
        File.WriteAllBytes(temporary, elf.Bytes);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temporary, File.GetUnixFileMode(file));
        File.Move(temporary, file, overwrite: true);
        var reason = provider is null ? "no system library defines it" : $"{provider} lacks it";
        return $"{Path.GetFileName(file)}: marked {version} weak ({reason})";
    }
}
