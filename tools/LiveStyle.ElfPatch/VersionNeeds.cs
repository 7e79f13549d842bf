namespace LiveStyle.ElfPatch;

/// <summary>One required symbol version (an Elf64_Vernaux of .gnu.version_r).</summary>
/// <param name="FlagsOffset">File offset of vna_flags.</param>
public sealed record VersionNeed(string Library, string Version, ushort Flags, long FlagsOffset)
{
    public const ushort Weak = 0x2; // VER_FLG_WEAK
    public bool IsWeak => (Flags & Weak) != 0;
}

/// <summary>
/// Reads .gnu.version_r (SHT_GNU_verneed): a chain of Elf64_Verneed records (one per needed
/// library), each with a chain of Elf64_Vernaux records (one per version of that library).
/// </summary>
public static class VersionNeeds
{
    public static IReadOnlyList<VersionNeed> Read(Elf64File elf)
    {
        var section = elf.FindSection(Elf64File.SectionVersionNeeds);
        if (section is null) return [];
        var strings = elf.Sections[(int)section.Link];
        var needs = new List<VersionNeed>();
        var entry = section.Offset;
        for (var i = 0; i < section.Info; i++)
        {
            // Elf64_Verneed: vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32.
            var auxCount = elf.ReadUInt16(entry + 2);
            var library = elf.String(strings, elf.ReadUInt32(entry + 4));
            var aux = entry + elf.ReadUInt32(entry + 8);
            for (var j = 0; j < auxCount; j++)
            {
                // Elf64_Vernaux: vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32.
                needs.Add(new VersionNeed(library, elf.String(strings, elf.ReadUInt32(aux + 8)), elf.ReadUInt16(aux + 4), aux + 4));
                aux += elf.ReadUInt32(aux + 12);
            }
            var next = elf.ReadUInt32(entry + 12);
            if (next == 0) break;
            entry += next;
        }
        return needs;
    }

    /// <summary>Sets VER_FLG_WEAK on every requirement of <paramref name="version"/>; returns how many changed.</summary>
    public static int MarkWeak(Elf64File elf, string version)
    {
        var changed = 0;
        foreach (var need in Read(elf).Where(n => n.Version == version && !n.IsWeak))
        {
            elf.WriteUInt16(need.FlagsOffset, (ushort)(need.Flags | VersionNeed.Weak));
            changed++;
        }
        return changed;
    }
}
