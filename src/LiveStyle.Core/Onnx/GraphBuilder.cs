namespace LiveStyle.Core.Onnx;

/// <summary>
/// Builds an ONNX graph node by node. Each method adds one node and returns the name of its
/// output, so networks read as straight-line code. Names are made unique with a counter.
/// </summary>
public sealed class GraphBuilder
{
    private readonly List<OnnxNode> _nodes = [];
    private readonly List<OnnxTensor> _initializers = [];
    private readonly List<OnnxValueInfo> _inputs = [];
    private readonly List<OnnxValueInfo> _outputs = [];
    private readonly Dictionary<string, int> _counters = [];

    public string Input(string name, OnnxDataType type, params OnnxDim[] shape)
    {
        _inputs.Add(new OnnxValueInfo(name, type, shape));
        return name;
    }

    /// <summary>Declares <paramref name="value"/> as a graph output called <paramref name="name"/>.</summary>
    public void Output(string value, string name, OnnxDataType type, params OnnxDim[] shape)
    {
        if (value != name) Node("Identity", [value], name);
        _outputs.Add(new OnnxValueInfo(name, type, shape));
    }

    public string Initializer(OnnxTensor tensor)
    {
        _initializers.Add(tensor);
        return tensor.Name;
    }

    public string Floats(string name, long[] dims, ReadOnlySpan<float> values) =>
        Initializer(OnnxTensor.FromFloats(UniqueName(name), dims, values));

    public string Int64s(string name, params long[] values) =>
        Initializer(OnnxTensor.FromInt64s(UniqueName(name), [values.Length], values));

    public string Scalar(string name, float value) =>
        Initializer(OnnxTensor.FromFloats(UniqueName(name), [], [value]));

    public string Int32s(string name, long[] dims, ReadOnlySpan<int> values) =>
        Initializer(OnnxTensor.FromInt32s(UniqueName(name), dims, values));

    public string Int8s(string name, long[] dims, ReadOnlySpan<sbyte> values) =>
        Initializer(OnnxTensor.FromInt8s(UniqueName(name), dims, values));

    public string UInt8Scalar(string name, byte value) =>
        Initializer(OnnxTensor.FromUInt8s(UniqueName(name), [], [value]));

    /// <summary>Adds a node with one output and returns that output's name.</summary>
    public string Node(string opType, string[] inputs, string? outputName = null, params OnnxAttribute[] attributes)
    {
        var name = UniqueName(opType.ToLowerInvariant());
        var output = outputName ?? name;
        _nodes.Add(new OnnxNode(opType, name, inputs, [output], attributes));
        return output;
    }

    /// <summary>Adds a node with several outputs.</summary>
    public string[] NodeWithOutputs(string opType, string[] inputs, int outputCount, params OnnxAttribute[] attributes)
    {
        var name = UniqueName(opType.ToLowerInvariant());
        var outputs = Enumerable.Range(0, outputCount).Select(i => $"{name}_out{i}").ToArray();
        _nodes.Add(new OnnxNode(opType, name, inputs, outputs, attributes));
        return outputs;
    }

    public string Add(string a, string b) => Node("Add", [a, b]);
    public string Sub(string a, string b) => Node("Sub", [a, b]);
    public string Mul(string a, string b) => Node("Mul", [a, b]);
    public string Div(string a, string b) => Node("Div", [a, b]);
    public string Sqrt(string x) => Node("Sqrt", [x]);
    public string Relu(string x) => Node("Relu", [x]);
    public string Shape(string x) => Node("Shape", [x]);
    public string Cast(string x, OnnxDataType to) => Node("Cast", [x], null, OnnxAttribute.Of("to", (long)to));
    public string Reshape(string x, string shape) => Node("Reshape", [x, shape]);
    public string Unsqueeze(string x, string axes) => Node("Unsqueeze", [x, axes]);
    public string Concat(long axis, params string[] inputs) => Node("Concat", inputs, null, OnnxAttribute.Of("axis", axis));

    /// <summary>float → uint8: saturate(round(x / scale) + zeroPoint), per tensor.</summary>
    public string QuantizeLinear(string x, string scale, string zeroPoint) => Node("QuantizeLinear", [x, scale, zeroPoint]);

    /// <summary>Integer → float: (x − zeroPoint) · scale; per tensor, or per slice along <paramref name="axis"/> when the scale is a vector.</summary>
    public string DequantizeLinear(string x, string scale, string zeroPoint, long? axis = null) =>
        axis is { } a
            ? Node("DequantizeLinear", [x, scale, zeroPoint], null, OnnxAttribute.Of("axis", a))
            : Node("DequantizeLinear", [x, scale, zeroPoint]);

    public string ReduceMean(string x, long[] axes, bool keepDims) =>
        Node("ReduceMean", [x], null, OnnxAttribute.Of("axes", axes), OnnxAttribute.Of("keepdims", keepDims ? 1L : 0L));

    public string ReduceSum(string x, string axes, bool keepDims) =>
        Node("ReduceSum", [x, axes], null, OnnxAttribute.Of("keepdims", keepDims ? 1L : 0L));

    public string Slice(string x, string starts, string ends, string axes) => Node("Slice", [x, starts, ends, axes]);

    public OnnxGraph Build(string name) => new(name, _nodes.ToArray(), _initializers.ToArray(), _inputs.ToArray(), _outputs.ToArray());

    private string UniqueName(string stem)
    {
        _counters.TryGetValue(stem, out var n);
        _counters[stem] = n + 1;
        return n == 0 ? stem : $"{stem}_{n}";
    }
}
