using System.Buffers.Binary;
using System.IO.Compression;
using System.Numerics;
using System.Text;

namespace LiveStyle.Train.Tests;

/// <summary>One tensor of a state dict to write: a strided view of one of the storages.</summary>
public sealed record SavedTensor(string Name, int Storage, long Offset, long[] Shape, long[] Stride)
{
    public static SavedTensor Contiguous(string name, int storage, params long[] shape)
    {
        var stride = new long[shape.Length];
        long step = 1;
        for (var d = shape.Length - 1; d >= 0; d--) { stride[d] = step; step *= shape[d]; }
        return new SavedTensor(name, storage, 0, shape, stride);
    }
}

/// <summary>
/// Writes a float32 state dict the way torch.save does, for the reader's tests: pickle protocol 2
/// with a memo (BINPUT/BINGET) like CPython's, an OrderedDict carrying a _metadata attribute
/// (BUILD), tensors as torch._utils._rebuild_tensor_v2 with persistent storage ids, in both the
/// legacy layout and the zip layout (ARCHIVE/data.pkl, ARCHIVE/data/KEY, version, byteorder).
/// </summary>
public static class TorchSaveWriter
{
    public static void WriteLegacy(string path, IReadOnlyList<float[]> storages, IReadOnlyList<SavedTensor> tensors)
    {
        // Legacy root keys are the storages' addresses as decimal strings, sorted as strings on disk
        // ("139…" before "94…": not the order of first use).
        var keys = storages.Select((_, i) => ((i % 2 == 0 ? 94_000_000_000L : 139_000_000_000L) + i * 64L).ToString()).ToArray();
        using var stream = File.Create(path);
        stream.Write(Pickle(p => p.Long(BigInteger.Parse("1950a86a20f9469cfc6c", System.Globalization.NumberStyles.HexNumber))));
        stream.Write(Pickle(p => p.Long(1001)));
        stream.Write(Pickle(p => p.Dict([("protocol_version", 1001L), ("little_endian", true),
            ("type_sizes", new List<(string, object?)> { ("short", 2L), ("int", 4L), ("long", 4L) })])));
        stream.Write(Pickle(p => p.StateDict(tensors, i => ["storage", new Global("torch", "FloatStorage"), keys[i], "cpu", (long)storages[i].Length, null])));
        var sorted = keys.Select((k, i) => (Key: k, Index: i)).OrderBy(k => k.Key, StringComparer.Ordinal).ToList();
        stream.Write(Pickle(p => p.List(sorted.Select(k => (object?)k.Key).ToList())));
        var count = new byte[8];
        foreach (var (_, index) in sorted)
        {
            BinaryPrimitives.WriteInt64LittleEndian(count, storages[index].Length);
            stream.Write(count);
            stream.Write(FloatBytes(storages[index]));
        }
    }

    public static void WriteZip(string path, IReadOnlyList<float[]> storages, IReadOnlyList<SavedTensor> tensors, string archiveName = "archive")
    {
        using var zip = new ZipArchive(File.Create(path), ZipArchiveMode.Create);
        Add(zip, $"{archiveName}/data.pkl", Pickle(p => p.StateDict(tensors, i => ["storage", new Global("torch", "FloatStorage"), i.ToString(), "cpu", (long)storages[i].Length])));
        Add(zip, $"{archiveName}/byteorder", Encoding.ASCII.GetBytes("little"));
        for (var i = 0; i < storages.Count; i++) Add(zip, $"{archiveName}/data/{i}", FloatBytes(storages[i]));
        Add(zip, $"{archiveName}/version", Encoding.ASCII.GetBytes("3\n"));
    }

    private static void Add(ZipArchive zip, string name, byte[] bytes)
    {
        using var entry = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
        entry.Write(bytes);
    }

    private static byte[] FloatBytes(float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        return bytes;
    }

    private static byte[] Pickle(Action<Pickler> write)
    {
        var pickler = new Pickler();
        pickler.Op(0x80).Op(2);
        write(pickler);
        pickler.Op((byte)'.');
        return pickler.Bytes;
    }

    private sealed record Global(string Module, string Name);

    /// <summary>The protocol-2 opcodes torch.save's pickles use, with CPython's memo behaviour.</summary>
    private sealed class Pickler
    {
        private readonly MemoryStream _out = new();
        private readonly Dictionary<object, int> _memo = [];

        public byte[] Bytes => _out.ToArray();

        public Pickler Op(byte b) { _out.WriteByte(b); return this; }

        private void Raw(ReadOnlySpan<byte> bytes) => _out.Write(bytes);

        public void StateDict(IReadOnlyList<SavedTensor> tensors, Func<int, object?[]> persistentId)
        {
            Global(new Global("collections", "OrderedDict"));
            Op((byte)')').Op((byte)'R');
            Put(new object());
            Op((byte)'(');
            foreach (var t in tensors)
            {
                Value(t.Name);
                Global(new Global("torch._utils", "_rebuild_tensor_v2"));
                Op((byte)'(');
                Value(persistentId(t.Storage));
                Op((byte)'Q');
                Long(t.Offset);
                Value(t.Shape.Select(d => (object?)d).ToArray());
                Value(t.Stride.Select(d => (object?)d).ToArray());
                Op(0x89);
                Global(new Global("collections", "OrderedDict"));
                Op((byte)')').Op((byte)'R');
                Put(new object());
                Op((byte)'t');
                Put(new object());
                Op((byte)'R');
                Put(new object());
            }
            Op((byte)'u');
            // state_dict()._metadata, restored by BUILD as an attribute.
            Dict([("_metadata", new List<(string, object?)> { ("", new List<(string, object?)> { ("version", 1L) }) })]);
            Op((byte)'b');
        }

        public void Dict(List<(string Key, object? Value)> items)
        {
            Op((byte)'}');
            Put(new object());
            if (items.Count == 0) return;
            Op((byte)'(');
            foreach (var (key, value) in items) { Value(key); Value(value); }
            Op((byte)'u');
        }

        public void List(List<object?> items)
        {
            Op((byte)']');
            Put(new object());
            if (items.Count == 0) return;
            Op((byte)'(');
            foreach (var item in items) Value(item);
            Op((byte)'e');
        }

        public void Long(BigInteger value)
        {
            if (value >= 0 && value <= 0xff) { Op((byte)'K').Op((byte)value); return; }
            if (value >= 0 && value <= 0xffff) { Op((byte)'M'); Span<byte> b = stackalloc byte[2]; BinaryPrimitives.WriteUInt16LittleEndian(b, (ushort)value); Raw(b); return; }
            if (value >= int.MinValue && value <= int.MaxValue) { Op((byte)'J'); Span<byte> b = stackalloc byte[4]; BinaryPrimitives.WriteInt32LittleEndian(b, (int)value); Raw(b); return; }
            var bytes = value.ToByteArray(isUnsigned: false, isBigEndian: false);
            Op(0x8a).Op((byte)bytes.Length);
            Raw(bytes);
        }

        private void Value(object? value)
        {
            switch (value)
            {
                case null: Op((byte)'N'); break;
                case bool b: Op(b ? (byte)0x88 : (byte)0x89); break;
                case long l: Long(l); break;
                case string s:
                    if (Get(s)) break;
                    var utf8 = Encoding.UTF8.GetBytes(s);
                    Op((byte)'X');
                    Span<byte> length = stackalloc byte[4];
                    BinaryPrimitives.WriteInt32LittleEndian(length, utf8.Length);
                    Raw(length);
                    Raw(utf8);
                    Put(s);
                    break;
                case Global g: Global(g); break;
                case object?[] tuple: Tuple(tuple); break;
                case List<(string, object?)> dict: Dict(dict); break;
                default: throw new ArgumentException($"cannot pickle {value.GetType().Name}");
            }
        }

        private void Tuple(object?[] items)
        {
            if (items.Length == 0) { Op((byte)')'); return; }
            if (items.Length <= 3)
            {
                foreach (var item in items) Value(item);
                Op((byte)(0x84 + items.Length));
            }
            else
            {
                Op((byte)'(');
                foreach (var item in items) Value(item);
                Op((byte)'t');
            }
            Put(new object());
        }

        private void Global(Global g)
        {
            if (Get(g)) return;
            Op((byte)'c');
            Raw(Encoding.ASCII.GetBytes($"{g.Module}\n{g.Name}\n"));
            Put(g);
        }

        private bool Get(object key)
        {
            if (!_memo.TryGetValue(key, out var index)) return false;
            if (index < 256) Op((byte)'h').Op((byte)index);
            else { Op((byte)'j'); Span<byte> b = stackalloc byte[4]; BinaryPrimitives.WriteInt32LittleEndian(b, index); Raw(b); }
            return true;
        }

        private void Put(object key)
        {
            var index = _memo.Count;
            _memo[key] = index;
            if (index < 256) Op((byte)'q').Op((byte)index);
            else { Op((byte)'r'); Span<byte> b = stackalloc byte[4]; BinaryPrimitives.WriteInt32LittleEndian(b, index); Raw(b); }
        }
    }
}
