using System.Buffers.Binary;
using System.Text;

namespace LiveStyle.ElfPatch;

/// <summary>One section header of an ELF64 file (only the fields the version tables need).</summary>
public sealed record ElfSection(int Index, uint Type, long Offset, long Size, uint Link, uint Info);

/// <summary>
/// A little-endian ELF64 file held in memory: its section headers and NUL-terminated strings.
/// Only what reading the GNU symbol-version tables needs; anything else is an error.
/// </summary>
public sealed class Elf64File
{
    public const uint SectionVersionDefinitions = 0x6ffffffd; // SHT_GNU_verdef
    public const uint SectionVersionNeeds = 0x6ffffffe;       // SHT_GNU_verneed

    public byte[] Bytes { get; }
    public string Path { get; }
    public IReadOnlyList<ElfSection> Sections { get; }

    private Elf64File(string path, byte[] bytes, IReadOnlyList<ElfSection> sections)
    {
        Path = path;
        Bytes = bytes;
        Sections = sections;
    }

    public static Elf64File Read(string path) => Parse(path, File.ReadAllBytes(path));

    public static Elf64File Parse(string path, byte[] bytes)
    {
        // e_ident: magic, EI_CLASS = 2 (64-bit), EI_DATA = 1 (little-endian).
        if (bytes.Length < 64 || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[2] != (byte)'L' || bytes[3] != (byte)'F')
            throw new InvalidDataException($"{path} is not an ELF file");
        if (bytes[4] != 2 || bytes[5] != 1)
            throw new InvalidDataException($"{path} is not a little-endian 64-bit ELF file");

        var span = bytes.AsSpan();
        var sectionTable = BinaryPrimitives.ReadInt64LittleEndian(span[0x28..]);  // e_shoff
        var entrySize = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3A..]);   // e_shentsize
        var count = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3C..]);       // e_shnum
        if (entrySize < 64 || sectionTable <= 0 || sectionTable + (long)entrySize * count > bytes.Length)
            throw new InvalidDataException($"{path}: the section header table lies outside the file");

        var sections = new List<ElfSection>(count);
        for (var i = 0; i < count; i++)
        {
            var header = span[(int)(sectionTable + (long)i * entrySize)..];
            var section = new ElfSection(
                Index: i,
                Type: BinaryPrimitives.ReadUInt32LittleEndian(header[4..]),      // sh_type
                Offset: BinaryPrimitives.ReadInt64LittleEndian(header[0x18..]),  // sh_offset
                Size: BinaryPrimitives.ReadInt64LittleEndian(header[0x20..]),    // sh_size
                Link: BinaryPrimitives.ReadUInt32LittleEndian(header[0x28..]),   // sh_link
                Info: BinaryPrimitives.ReadUInt32LittleEndian(header[0x2C..]));  // sh_info
            sections.Add(section);
        }
        return new Elf64File(path, bytes, sections);
    }

    public ElfSection? FindSection(uint type) => Sections.FirstOrDefault(s => s.Type == type);

    /// <summary>The NUL-terminated string at <paramref name="offset"/> in string table section <paramref name="table"/>.</summary>
    public string String(ElfSection table, uint offset)
    {
        if (offset >= table.Size) throw new InvalidDataException($"{Path}: string offset {offset} is outside its table");
        var start = (int)(table.Offset + offset);
        var end = Array.IndexOf(Bytes, (byte)0, start, (int)(table.Size - offset));
        if (end < 0) throw new InvalidDataException($"{Path}: unterminated string at offset {offset}");
        return Encoding.ASCII.GetString(Bytes, start, end - start);
    }

    public ushort ReadUInt16(long offset) => BinaryPrimitives.ReadUInt16LittleEndian(Bytes.AsSpan((int)offset));
    public uint ReadUInt32(long offset) => BinaryPrimitives.ReadUInt32LittleEndian(Bytes.AsSpan((int)offset));
    public void WriteUInt16(long offset, ushort value) => BinaryPrimitives.WriteUInt16LittleEndian(Bytes.AsSpan((int)offset), value);
}
