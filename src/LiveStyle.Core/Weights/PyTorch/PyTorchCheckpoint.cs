using System.IO.Compression;
using System.Numerics;

namespace LiveStyle.Core.Weights.PyTorch;

/// <summary>
/// Reads the tensors of a PyTorch state dict saved with torch.save, without PyTorch:
/// the zip format (torch ≥ 1.6: ARCHIVE/data.pkl + ARCHIVE/data/KEY) and the legacy format
/// (magic number, protocol version, sys_info, the pickled object, the sorted storage keys, then
/// each storage as an int64 element count and its raw bytes). Tensors become float32.
/// </summary>
public static class PyTorchCheckpoint
{
    /// <summary>More than any pickle torch.save writes for a state dict; bounds what data.pkl may inflate to.</summary>
    private const long MaxPickleBytes = 64L * 1024 * 1024;
    /// <summary>Elements one tensor may have (1 GiB as float32).</summary>
    private const long MaxTensorElements = 1L << 28;

    private static readonly BigInteger MagicNumber = BigInteger.Parse("1950a86a20f9469cfc6c", System.Globalization.NumberStyles.HexNumber);
    private const long ProtocolVersion = 1001;

    public static IReadOnlyDictionary<string, WeightTensor> Read(string path)
    {
        var bytes = Files.RegularFile.ReadAll(path, "checkpoint", Array.MaxLength, "checkpoints over 2 GB are not supported");
        return Read(bytes, path);
    }

    /// <summary>Reads a checkpoint held in memory; <paramref name="path"/> names it in errors.</summary>
    public static IReadOnlyDictionary<string, WeightTensor> Read(byte[] bytes, string path)
    {
        try
        {
            var root = IsZip(bytes) ? ReadZip(bytes) : ReadLegacy(bytes);
            return StateDict(root, path);
        }
        catch (Exception e) when (e is InvalidDataException or InvalidCastException or IndexOutOfRangeException or ArgumentException
                                       or OverflowException or FormatException or IOException or KeyNotFoundException or NotSupportedException)
        {
            throw new LiveStyleException($"checkpoint {path} is corrupt or not a PyTorch state dict: {e.Message}", e);
        }
    }

    private static bool IsZip(byte[] bytes) => bytes.Length >= 4 && bytes[0] == 'P' && bytes[1] == 'K' && bytes[2] == 3 && bytes[3] == 4;

    private static object? ReadZip(byte[] bytes)
    {
        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        var pickle = zip.Entries.FirstOrDefault(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal) && e.FullName.Count(c => c == '/') == 1)
            ?? throw new InvalidDataException("the zip archive has no ARCHIVE/data.pkl (a TorchScript or other zip file?)");
        var prefix = pickle.FullName[..^"data.pkl".Length];
        var storages = new Dictionary<string, TorchStorage>();
        var reader = new PickleReader(ReadEntry(pickle, MaxPickleBytes, "the pickle's limit of"))
        {
            PersistentLoad = id =>
            {
                var (storage, _) = Storage(id, storages);
                if (storage.Bytes is null)
                {
                    var entry = zip.GetEntry($"{prefix}data/{storage.Key}") ?? throw new InvalidDataException($"the archive has no data/{storage.Key}");
                    // Never more than the pickle declares: a deflated entry could inflate to gigabytes.
                    storage.Bytes = ReadEntry(entry, storage.ByteLength, $"the {storage.Count} elements that storage {storage.Key} declares:");
                    if (storage.Bytes.LongLength < storage.ByteLength)
                        throw new InvalidDataException($"data/{storage.Key} holds {storage.Bytes.Length} bytes, fewer than its {storage.Count} elements need");
                }
                return storage;
            },
            Reduce = RebuildTensor,
        };
        return reader.Load();
    }

    /// <summary>The entry's bytes, refusing it as soon as it inflates to more than <paramref name="maxBytes"/>.</summary>
    private static byte[] ReadEntry(ZipArchiveEntry entry, long maxBytes, string limitText)
    {
        using var stream = entry.Open();
        using var memory = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            if (memory.Length + read > maxBytes)
                throw new InvalidDataException($"{entry.FullName} inflates to more than {limitText} {maxBytes} bytes (a zip bomb, or a damaged file)");
            memory.Write(buffer, 0, read);
        }
        return memory.ToArray();
    }

    private static object? ReadLegacy(byte[] bytes)
    {
        if (bytes.Length < 2 || bytes[0] != 0x80)
            throw new InvalidDataException("it is neither a zip archive nor a pickle (a tar-era PyTorch file or another format?)");
        var header = new PickleReader(bytes);
        if (header.Load() is not BigInteger magic || magic != MagicNumber)
            throw new InvalidDataException("the magic number is not PyTorch's");
        var afterMagic = new PickleReader(bytes, header.Position);
        if (afterMagic.Load() is not long version || version != ProtocolVersion)
            throw new InvalidDataException("unknown PyTorch legacy protocol version");
        var sysInfoReader = new PickleReader(bytes, afterMagic.Position);
        if (sysInfoReader.Load() is PyDict sysInfo && sysInfo.Get("little_endian") is false)
            throw new InvalidDataException("the checkpoint was written on a big-endian machine");

        var storages = new Dictionary<string, TorchStorage>();
        var views = new List<(TorchStorage View, string RootKey, long Offset)>();
        var main = new PickleReader(bytes, sysInfoReader.Position)
        {
            PersistentLoad = id =>
            {
                var (storage, view) = Storage(id, storages);
                if (view is null) return storage;
                // (view_key, offset, size): a slice of the root storage, filled in once the root is read.
                var viewKey = view[0]?.ToString() ?? throw new InvalidDataException("a storage view has no key");
                if (!storages.TryGetValue(viewKey, out var slice))
                {
                    var sliceCount = Convert.ToInt64(view[2]);
                    if (sliceCount < 0 || sliceCount > storage.Count) throw new InvalidDataException($"storage view {viewKey} declares {sliceCount} elements of storage {storage.Key}'s {storage.Count}");
                    slice = new TorchStorage(viewKey, storage.TypeName, sliceCount);
                    storages[viewKey] = slice;
                    views.Add((slice, storage.Key, Convert.ToInt64(view[1])));
                }
                return slice;
            },
            Reduce = RebuildTensor,
        };
        var root = main.Load();
        var keysReader = new PickleReader(bytes, main.Position);
        if (keysReader.Load() is not List<object?> keys) throw new InvalidDataException("the storage key list is missing");

        var position = (long)keysReader.Position;
        foreach (var key in keys.Select(k => k?.ToString() ?? ""))
        {
            if (!storages.TryGetValue(key, out var storage)) throw new InvalidDataException($"storage {key} is listed but never used");
            if (position + 8 > bytes.Length) throw new InvalidDataException($"the file ends before storage {key}{TensorsUsing(root, key)} (truncated?)");
            var count = BitConverter.ToInt64(bytes, (int)position);
            if (count != storage.Count) throw new InvalidDataException($"storage {key} holds {count} elements, the pickle says {storage.Count}");
            var length = storage.ByteLength;
            if (length > bytes.Length - position - 8) throw new InvalidDataException($"the file ends inside storage {key}{TensorsUsing(root, key)} (truncated?)");
            storage.Bytes = bytes.AsSpan((int)(position + 8), (int)length).ToArray();
            position += 8 + length;
        }
        foreach (var (view, rootKey, offset) in views)
        {
            var rootStorage = storages[rootKey];
            if (rootStorage.Bytes is null || offset < 0 || offset > rootStorage.Count || view.Count > rootStorage.Count - offset || view.ElementSize != rootStorage.ElementSize)
                throw new InvalidDataException($"storage view {view.Key} lies outside storage {rootKey}");
            var start = offset * view.ElementSize;
            var length = view.ByteLength;
            if (start + length > rootStorage.Bytes.LongLength)
                throw new InvalidDataException($"storage view {view.Key} lies outside storage {rootKey}");
            view.Bytes = rootStorage.Bytes.AsSpan((int)start, (int)length).ToArray();
        }
        return root;
    }

    /// <summary>" of tensor 'a.weight'" (or tensors) for the state-dict entries that read storage <paramref name="key"/>, so an error names them.</summary>
    private static string TensorsUsing(object? root, string key)
    {
        if (root is not PyDict dict) return "";
        var names = dict.Items.Where(kv => kv.Value is TorchTensor t && t.Storage.Key == key).Select(kv => $"'{kv.Key}'").ToArray();
        return names.Length switch { 0 => "", 1 => $" of tensor {names[0]}", _ => $" of tensors {string.Join(", ", names)}" };
    }

    /// <summary>('storage', torch.XStorage, key, location, numel[, view_metadata]) → the storage for that key.</summary>
    private static (TorchStorage Storage, object?[]? View) Storage(object? id, Dictionary<string, TorchStorage> storages)
    {
        if (id is not object?[] { Length: >= 5 } tuple || tuple[0] is not "storage")
            throw new InvalidDataException("a persistent id is not a ('storage', …) tuple");
        if (tuple[1] is not PyGlobal type) throw new InvalidDataException("a storage has no type");
        var key = tuple[2]?.ToString() ?? throw new InvalidDataException("a storage has no key");
        var count = Convert.ToInt64(tuple[4]);
        if (count < 0 || count > MaxTensorElements)
            throw new InvalidDataException($"storage {key} declares {count} elements (at most {MaxTensorElements} are supported)");
        if (!storages.TryGetValue(key, out var storage))
        {
            storage = new TorchStorage(key, type.Name, count);
            storages[key] = storage;
        }
        return (storage, tuple.Length > 5 ? tuple[5] as object?[] : null);
    }

    private static object? RebuildTensor(PyGlobal callable, object?[] args)
    {
        if (callable.Module != "torch._utils") return null;
        switch (callable.Name)
        {
            case "_rebuild_tensor" or "_rebuild_tensor_v2":
                if (args.Length < 4 || args[0] is not TorchStorage storage)
                    throw new InvalidDataException($"{callable} has unexpected arguments");
                return TorchTensor.Create(storage, Convert.ToInt64(args[1]), Longs(args[2]), Longs(args[3]), MaxTensorElements);
            case "_rebuild_parameter":
                return args.Length > 0 ? args[0] : null;
            default:
                return null;
        }
    }

    private static long[] Longs(object? tuple) =>
        tuple is object?[] items ? [.. items.Select(Convert.ToInt64)] : throw new InvalidDataException("a tensor size or stride is not a tuple");

    private static IReadOnlyDictionary<string, WeightTensor> StateDict(object? root, string path)
    {
        if (root is not PyDict dict) throw new InvalidDataException($"the saved object is a {root?.GetType().Name ?? "None"}, not a state dict");
        var tensors = new Dictionary<string, WeightTensor>(StringComparer.Ordinal);
        foreach (var (key, value) in dict.Items)
        {
            if (key is not string name || value is not TorchTensor tensor) continue;
            var weight = new WeightTensor(name, [.. tensor.Shape.Select(d => checked((int)d))], tensor.ToFloats());
            weight.RequireFinite(path);
            tensors[name] = weight;
        }
        if (tensors.Count == 0) throw new InvalidDataException("the saved dict holds no tensors");
        return tensors;
    }
}
