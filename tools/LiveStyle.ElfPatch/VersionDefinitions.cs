namespace LiveStyle.ElfPatch;

/// <summary>
/// Reads the version names a shared library defines, from .gnu.version_d (SHT_GNU_verdef):
/// a chain of Elf64_Verdef records, each naming its version in its first Elf64_Verdaux.
/// </summary>
public static class VersionDefinitions
{
    public static IReadOnlyList<string> Read(Elf64File elf)
    {
        var section = elf.FindSection(Elf64File.SectionVersionDefinitions);
        if (section is null) return [];
        var strings = elf.Sections[(int)section.Link];
        var names = new List<string>();
        var entry = section.Offset;
        for (var i = 0; i < section.Info; i++)
        {
            // Elf64_Verdef: vd_version u16, vd_flags u16, vd_ndx u16, vd_cnt u16, vd_hash u32, vd_aux u32, vd_next u32.
            var aux = entry + elf.ReadUInt32(entry + 12);
            names.Add(elf.String(strings, elf.ReadUInt32(aux))); // Elf64_Verdaux: vda_name u32, vda_next u32.
            var next = elf.ReadUInt32(entry + 16);
            if (next == 0) break;
            entry += next;
        }
        return names;
    }
}
