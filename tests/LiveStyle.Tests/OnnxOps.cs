using Google.Protobuf;

namespace LiveStyle.Tests;

/// <summary>Reads the op types of a serialized ONNX model's graph (ModelProto.graph = 7, GraphProto.node = 1, NodeProto.op_type = 4).</summary>
public static class OnnxOps
{
    public static IReadOnlyList<string> Read(byte[] model)
    {
        var ops = new List<string>();
        foreach (var graph in Fields(model, 7))
            foreach (var node in Fields(graph, 1))
                ops.AddRange(Fields(node, 4).Select(b => System.Text.Encoding.UTF8.GetString(b)));
        return ops;
    }

    /// <summary>The payloads of every length-delimited field with this number; other fields are skipped.</summary>
    private static IEnumerable<byte[]> Fields(byte[] message, int fieldNumber)
    {
        var input = new CodedInputStream(message);
        var found = new List<byte[]>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == fieldNumber && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
                found.Add(input.ReadBytes().ToByteArray());
            else
                input.SkipLastField();
        }
        return found;
    }
}
