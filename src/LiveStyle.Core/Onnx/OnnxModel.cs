namespace LiveStyle.Core.Onnx;

/// <summary>ONNX tensor element types used by LiveStyle (values from onnx.proto's TensorProto.DataType).</summary>
public enum OnnxDataType
{
    Float = 1,
    UInt8 = 2,
    Int8 = 3,
    Int32 = 6,
    Int64 = 7,
}

/// <summary>A constant tensor stored in the graph (a weight, a shape, a scalar).</summary>
public sealed record OnnxTensor(string Name, OnnxDataType DataType, long[] Dims, byte[] RawData)
{
    public static OnnxTensor FromFloats(string name, long[] dims, ReadOnlySpan<float> values) =>
        new(name, OnnxDataType.Float, dims, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values).ToArray());

    public static OnnxTensor FromInt64s(string name, long[] dims, ReadOnlySpan<long> values) =>
        new(name, OnnxDataType.Int64, dims, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values).ToArray());

    public static OnnxTensor FromInt32s(string name, long[] dims, ReadOnlySpan<int> values) =>
        new(name, OnnxDataType.Int32, dims, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values).ToArray());

    public static OnnxTensor FromInt8s(string name, long[] dims, ReadOnlySpan<sbyte> values) =>
        new(name, OnnxDataType.Int8, dims, System.Runtime.InteropServices.MemoryMarshal.AsBytes(values).ToArray());

    public static OnnxTensor FromUInt8s(string name, long[] dims, ReadOnlySpan<byte> values) =>
        new(name, OnnxDataType.UInt8, dims, values.ToArray());
}

/// <summary>A node attribute: exactly one of the value fields is set.</summary>
public sealed record OnnxAttribute(string Name)
{
    public long? Int { get; init; }
    public float? Float { get; init; }
    public string? String { get; init; }
    public long[]? Ints { get; init; }
    public float[]? Floats { get; init; }
    public OnnxTensor? Tensor { get; init; }

    public static OnnxAttribute Of(string name, long value) => new(name) { Int = value };
    public static OnnxAttribute Of(string name, float value) => new(name) { Float = value };
    public static OnnxAttribute Of(string name, string value) => new(name) { String = value };
    public static OnnxAttribute Of(string name, long[] values) => new(name) { Ints = values };
}

public sealed record OnnxNode(string OpType, string Name, string[] Inputs, string[] Outputs, OnnxAttribute[] Attributes, string Domain = "");

/// <summary>A graph input or output. A dimension is either a fixed size or a symbolic name (dynamic).</summary>
public sealed record OnnxValueInfo(string Name, OnnxDataType ElementType, OnnxDim[] Shape);

public readonly record struct OnnxDim(long? Value, string? Symbol)
{
    public static OnnxDim Fixed(long value) => new(value, null);
    public static OnnxDim Dynamic(string symbol) => new(null, symbol);
}

public sealed record OnnxGraph(
    string Name,
    IReadOnlyList<OnnxNode> Nodes,
    IReadOnlyList<OnnxTensor> Initializers,
    IReadOnlyList<OnnxValueInfo> Inputs,
    IReadOnlyList<OnnxValueInfo> Outputs);

public sealed record OnnxModel(OnnxGraph Graph, long OpsetVersion, string ProducerName, string ProducerVersion, IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>IR version 8 goes with opsets up to 18.</summary>
    public long IrVersion { get; init; } = 8;
}
