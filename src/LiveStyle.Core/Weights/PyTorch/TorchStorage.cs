using System.Buffers.Binary;

namespace LiveStyle.Core.Weights.PyTorch;

/// <summary>
/// A storage a checkpoint refers to: its element type (from the pickled storage class, e.g.
/// torch.FloatStorage), element count and, once the format reader has found them, its bytes.
/// </summary>
public sealed class TorchStorage(string key, string typeName, long count)
{
    public string Key => key;
    public string TypeName => typeName;
    public long Count => count;
    public int ElementSize { get; } = ElementSizeOf(typeName);
    /// <summary>The bytes its elements take (the count is bounded by the reader, so this cannot overflow).</summary>
    public long ByteLength => count * ElementSize;
    /// <summary>Little-endian element bytes; null until the reader has loaded them.</summary>
    public byte[]? Bytes { get; set; }

    public static int ElementSizeOf(string typeName) => typeName switch
    {
        "DoubleStorage" or "LongStorage" => 8,
        "FloatStorage" or "IntStorage" => 4,
        "HalfStorage" or "BFloat16Storage" or "ShortStorage" => 2,
        "ByteStorage" or "CharStorage" or "BoolStorage" => 1,
        _ => throw new InvalidDataException($"unsupported storage type torch.{typeName}"),
    };

    /// <summary>Element <paramref name="index"/> converted to float32.</summary>
    public float this[long index]
    {
        get
        {
            if (Bytes is null) throw new InvalidDataException($"storage {key} has no data in the file");
            if (index < 0 || index >= count) throw new InvalidDataException($"a tensor reads element {index} of storage {key}, which has {count}");
            var at = Bytes.AsSpan((int)(index * ElementSize));
            return typeName switch
            {
                "FloatStorage" => BinaryPrimitives.ReadSingleLittleEndian(at),
                "DoubleStorage" => (float)BinaryPrimitives.ReadDoubleLittleEndian(at),
                "HalfStorage" => (float)BinaryPrimitives.ReadHalfLittleEndian(at),
                "BFloat16Storage" => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(at) << 16),
                "LongStorage" => BinaryPrimitives.ReadInt64LittleEndian(at),
                "IntStorage" => BinaryPrimitives.ReadInt32LittleEndian(at),
                "ShortStorage" => BinaryPrimitives.ReadInt16LittleEndian(at),
                "ByteStorage" or "BoolStorage" => at[0],
                "CharStorage" => (sbyte)at[0],
                _ => throw new InvalidDataException($"unsupported storage type torch.{typeName}"),
            };
        }
    }
}

/// <summary>A tensor as pickled by torch._utils._rebuild_tensor(_v2): a strided view of a storage.</summary>
public sealed record TorchTensor(TorchStorage Storage, long Offset, long[] Shape, long[] Stride)
{
    /// <summary>
    /// A tensor whose every element lies inside its storage, with at most <paramref name="maxElements"/>
    /// elements; anything else is <see cref="InvalidDataException"/>.
    /// </summary>
    public static TorchTensor Create(TorchStorage storage, long offset, long[] shape, long[] stride, long maxElements)
    {
        if (shape.Length != stride.Length)
            throw new InvalidDataException($"a tensor of storage {storage.Key} has {shape.Length} sizes but {stride.Length} strides");
        if (offset < 0 || shape.Any(d => d < 0) || stride.Any(s => s < 0))
            throw new InvalidDataException($"a tensor of storage {storage.Key} has a negative offset, size or stride");
        long count = 1, last = offset;
        for (var d = 0; d < shape.Length; d++)
        {
            if (shape[d] == 0) return new TorchTensor(storage, offset, shape, stride);
            if (shape[d] > maxElements / count)
                throw new InvalidDataException($"a tensor of storage {storage.Key} has more than {maxElements} elements");
            count *= shape[d];
            if (stride[d] > 0 && shape[d] - 1 > (storage.Count - last) / stride[d])
                throw new InvalidDataException($"a tensor reads beyond the {storage.Count} elements of storage {storage.Key}");
            last += (shape[d] - 1) * stride[d];
        }
        if (last >= storage.Count)
            throw new InvalidDataException($"a tensor reads element {last} of storage {storage.Key}, which has {storage.Count}");
        return new TorchTensor(storage, offset, shape, stride);
    }

    /// <summary>The elements in row-major order, as float32.</summary>
    public float[] ToFloats()
    {
        var count = Shape.Aggregate(1L, (a, d) => a * d);
        var values = new float[count];
        if (BitConverter.IsLittleEndian && Storage.TypeName == "FloatStorage" && IsContiguous()
            && Storage.Bytes is { } bytes && Offset >= 0 && (Offset + count) * 4 <= bytes.LongLength)
        {
            // The common case: one block copy.
            Buffer.BlockCopy(bytes, (int)(Offset * 4), values, 0, (int)(count * 4));
            return values;
        }
        var index = new long[Shape.Length];
        for (long i = 0; i < count; i++)
        {
            var at = Offset;
            for (var d = 0; d < Shape.Length; d++) at += index[d] * Stride[d];
            values[i] = Storage[at];
            for (var d = Shape.Length - 1; d >= 0; d--)
            {
                if (++index[d] < Shape[d]) break;
                index[d] = 0;
            }
        }
        return values;
    }

    private bool IsContiguous()
    {
        long step = 1;
        for (var d = Shape.Length - 1; d >= 0; d--)
        {
            if (Shape[d] != 1 && Stride[d] != step) return false;
            step *= Shape[d];
        }
        return true;
    }
}
