using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace LiveStyle.Core.Weights;

/// <summary>
/// Reads and writes the safetensors format: an 8-byte little-endian header length, a JSON header
/// mapping tensor names to dtype, shape and byte offsets, then the raw tensor bytes.
/// Only float32 tensors are supported, which is all the AdaIN weights use.
/// </summary>
public static class SafetensorsFile
{
    private const long MaxHeaderBytes = 100 * 1024 * 1024;

    public static IReadOnlyDictionary<string, WeightTensor> Read(string path)
    {
        Files.RegularFile.Inspect(path, "weights file");
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>Reads a safetensors file from a seekable stream; <paramref name="path"/> names it in errors.</summary>
    public static IReadOnlyDictionary<string, WeightTensor> Read(System.IO.Stream stream, string path)
    {
        var fileLength = stream.Length;
        Span<byte> lengthBytes = stackalloc byte[8];
        if (stream.ReadAtLeast(lengthBytes, 8, throwOnEndOfStream: false) < 8)
            throw Corrupt(path, "the file is shorter than the 8-byte header length");
        var headerLength = BinaryPrimitives.ReadInt64LittleEndian(lengthBytes);
        if (headerLength <= 0 || headerLength > MaxHeaderBytes || 8 + headerLength > fileLength)
            throw Corrupt(path, $"the header length {headerLength} does not fit a {fileLength}-byte file");

        var header = new byte[headerLength];
        stream.ReadExactly(header);
        var dataStart = 8 + headerLength;
        var dataLength = fileLength - dataStart;

        JsonDocument json;
        try { json = JsonDocument.Parse(header); }
        catch (JsonException e) { throw Corrupt(path, $"the JSON header is malformed ({e.Message})"); }

        var tensors = new Dictionary<string, WeightTensor>();
        using (json)
        {
            if (json.RootElement.ValueKind != JsonValueKind.Object)
                throw Corrupt(path, $"the JSON header is a {json.RootElement.ValueKind}, not an object");
            try
            {
                foreach (var entry in json.RootElement.EnumerateObject())
                {
                    if (entry.Name == "__metadata__") continue;
                    tensors[entry.Name] = ReadTensor(path, stream, entry, dataStart, dataLength);
                }
            }
            catch (InvalidOperationException e)
            {
                throw Corrupt(path, $"the JSON header is malformed ({e.Message})"); // e.g. a name that is not UTF-8
            }
        }
        return tensors;
    }

    private static WeightTensor ReadTensor(string path, System.IO.Stream stream, JsonProperty entry, long dataStart, long dataLength)
    {
        var name = entry.Name;
        try
        {
            var dtype = entry.Value.GetProperty("dtype").GetString();
            if (dtype != "F32")
                throw Corrupt(path, $"tensor '{name}' has dtype {dtype}; only F32 is supported");
            if (entry.Value.ValueKind != JsonValueKind.Object)
                throw Corrupt(path, $"tensor '{name}' has no header entry object");
            var shape = entry.Value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
            var offsets = entry.Value.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            if (shape.Any(d => d < 0))
                throw Corrupt(path, $"tensor '{name}' has a negative dimension in its shape [{string.Join(", ", shape)}]");
            long count = 1;
            foreach (var d in shape)
            {
                count *= d;
                if (count > dataLength / 4)
                    throw Corrupt(path, $"tensor '{name}' of shape [{string.Join(", ", shape)}] needs more bytes than the file's {dataLength} data bytes (truncated file?)");
            }
            if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] - offsets[0] != count * 4)
                throw Corrupt(path, $"tensor '{name}' has offsets that do not match its shape [{string.Join(", ", shape)}]");
            if (offsets[1] > dataLength)
                throw Corrupt(path, $"tensor '{name}' ends at byte {offsets[1]} but the file holds only {dataLength} data bytes (truncated file?)");

            var data = new float[count];
            stream.Position = dataStart + offsets[0];
            stream.ReadExactly(MemoryMarshal.AsBytes(data.AsSpan()));
            if (!BitConverter.IsLittleEndian)
                throw new PlatformNotSupportedException("safetensors reading assumes a little-endian machine");
            var tensor = new WeightTensor(name, shape, data);
            tensor.RequireFinite(path);
            return tensor;
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw Corrupt(path, $"tensor '{name}' has an incomplete header entry ({e.Message})");
        }
    }

    public static void Write(string path, IEnumerable<WeightTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var list = tensors.ToList();
        var header = new Dictionary<string, object>();
        if (metadata is { Count: > 0 }) header["__metadata__"] = metadata;
        long offset = 0;
        foreach (var t in list)
        {
            long bytes = t.Data.LongLength * 4;
            header[t.Name] = new { dtype = "F32", shape = t.Shape, data_offsets = new[] { offset, offset + bytes } };
            offset += bytes;
        }
        var headerBytes = JsonSerializer.SerializeToUtf8Bytes(header);
        using var stream = File.Create(path);
        Span<byte> length = stackalloc byte[8];
        BinaryPrimitives.WriteInt64LittleEndian(length, headerBytes.Length);
        stream.Write(length);
        stream.Write(headerBytes);
        foreach (var t in list) stream.Write(MemoryMarshal.AsBytes(t.Data.AsSpan()));
    }

    private static LiveStyleException Corrupt(string path, string what) =>
        new($"weights file {path} is corrupt or not a safetensors file: {what}. Re-download or re-export it.");
}
