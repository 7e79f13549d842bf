using Google.Protobuf;

namespace LiveStyle.Core.Onnx;

/// <summary>
/// Serializes <see cref="OnnxModel"/> as the ONNX protobuf (onnx.proto, field numbers from the
/// ONNX specification). Only the message subset LiveStyle needs is written. Each nested message
/// is serialized to bytes first, then embedded length-delimited.
/// </summary>
public static class OnnxWriter
{
    public static void Save(OnnxModel model, string path)
    {
        File.WriteAllBytes(path, Serialize(model));
    }

    public static byte[] Serialize(OnnxModel model) => Message(o =>
    {
        o.WriteTag(1, WireFormat.WireType.Varint); o.WriteInt64(model.IrVersion);          // ir_version
        WriteString(o, 2, model.ProducerName);                                              // producer_name
        WriteString(o, 3, model.ProducerVersion);                                           // producer_version
        WriteMessage(o, 7, Graph(model.Graph));                                             // graph
        WriteMessage(o, 8, Message(opset =>                                                 // opset_import
        {
            WriteString(opset, 1, "");                                                      //   domain (default)
            opset.WriteTag(2, WireFormat.WireType.Varint); opset.WriteInt64(model.OpsetVersion);
        }));
        foreach (var (key, value) in model.Metadata)                                       // metadata_props
        {
            WriteMessage(o, 14, Message(entry => { WriteString(entry, 1, key); WriteString(entry, 2, value); }));
        }
    });

    private static byte[] Graph(OnnxGraph graph) => Message(o =>
    {
        foreach (var node in graph.Nodes) WriteMessage(o, 1, Node(node));                 // node
        WriteString(o, 2, graph.Name);                                                      // name
        foreach (var tensor in graph.Initializers) WriteMessage(o, 5, Tensor(tensor));     // initializer
        foreach (var input in graph.Inputs) WriteMessage(o, 11, ValueInfo(input));         // input
        foreach (var output in graph.Outputs) WriteMessage(o, 12, ValueInfo(output));      // output
    });

    private static byte[] Node(OnnxNode node) => Message(o =>
    {
        foreach (var input in node.Inputs) WriteString(o, 1, input);                        // input
        foreach (var output in node.Outputs) WriteString(o, 2, output);                     // output
        WriteString(o, 3, node.Name);                                                       // name
        WriteString(o, 4, node.OpType);                                                     // op_type
        foreach (var attribute in node.Attributes) WriteMessage(o, 5, Attribute(attribute)); // attribute
        if (node.Domain.Length > 0) WriteString(o, 7, node.Domain);                         // domain
    });

    // AttributeProto.AttributeType values.
    private const int AttrFloat = 1, AttrInt = 2, AttrString = 3, AttrTensor = 4, AttrFloats = 6, AttrInts = 7;

    private static byte[] Attribute(OnnxAttribute a) => Message(o =>
    {
        WriteString(o, 1, a.Name);                                                          // name
        int type;
        if (a.Float is { } f) { o.WriteTag(2, WireFormat.WireType.Fixed32); o.WriteFloat(f); type = AttrFloat; }
        else if (a.Int is { } i) { o.WriteTag(3, WireFormat.WireType.Varint); o.WriteInt64(i); type = AttrInt; }
        else if (a.String is { } s) { WriteString(o, 4, s); type = AttrString; }
        else if (a.Tensor is { } t) { WriteMessage(o, 5, Tensor(t)); type = AttrTensor; }
        else if (a.Floats is { } fs) { foreach (var x in fs) { o.WriteTag(7, WireFormat.WireType.Fixed32); o.WriteFloat(x); } type = AttrFloats; }
        else if (a.Ints is { } xs) { foreach (var x in xs) { o.WriteTag(8, WireFormat.WireType.Varint); o.WriteInt64(x); } type = AttrInts; }
        else throw new ArgumentException($"attribute '{a.Name}' has no value");
        o.WriteTag(20, WireFormat.WireType.Varint); o.WriteInt32(type);                    // type
    });

    private static byte[] Tensor(OnnxTensor t) => Message(o =>
    {
        foreach (var d in t.Dims) { o.WriteTag(1, WireFormat.WireType.Varint); o.WriteInt64(d); } // dims
        o.WriteTag(2, WireFormat.WireType.Varint); o.WriteInt32((int)t.DataType);          // data_type
        WriteString(o, 8, t.Name);                                                          // name
        o.WriteTag(9, WireFormat.WireType.LengthDelimited); o.WriteBytes(UnsafeByteOperations.UnsafeWrap(t.RawData)); // raw_data
    });

    private static byte[] ValueInfo(OnnxValueInfo v) => Message(o =>
    {
        WriteString(o, 1, v.Name);                                                          // name
        WriteMessage(o, 2, Message(type =>                                                  // type: TypeProto
            WriteMessage(type, 1, Message(tensor =>                                         //   tensor_type
            {
                tensor.WriteTag(1, WireFormat.WireType.Varint); tensor.WriteInt32((int)v.ElementType); // elem_type
                WriteMessage(tensor, 2, Message(shape =>                                    //   shape
                {
                    foreach (var dim in v.Shape)
                    {
                        WriteMessage(shape, 1, Message(d =>                                 //     dim
                        {
                            if (dim.Value is { } value) { d.WriteTag(1, WireFormat.WireType.Varint); d.WriteInt64(value); }
                            else WriteString(d, 2, dim.Symbol!);
                        }));
                    }
                }));
            }))));
    });

    private static byte[] Message(Action<CodedOutputStream> write)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true))
        {
            write(output);
        }
        return buffer.ToArray();
    }

    private static void WriteMessage(CodedOutputStream o, int field, byte[] message)
    {
        o.WriteTag(field, WireFormat.WireType.LengthDelimited);
        o.WriteBytes(UnsafeByteOperations.UnsafeWrap(message));
    }

    private static void WriteString(CodedOutputStream o, int field, string value)
    {
        o.WriteTag(field, WireFormat.WireType.LengthDelimited);
        o.WriteString(value);
    }
}
