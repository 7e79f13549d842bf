using System.Text.Json;

namespace LiveStyle.Bench;

/// <summary>Sums an ONNX Runtime profile's node times (per run) by op type: where a model's time goes.</summary>
public static class OrtProfileSummary
{
    public static IReadOnlyList<(string Op, double MsPerRun, int Nodes)> ByOpType(string profileJson, int runs)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(profileJson));
        var totals = new Dictionary<string, (double Us, HashSet<string> Nodes)>();
        foreach (var e in doc.RootElement.EnumerateArray())
        {
            if (e.GetProperty("cat").GetString() != "Node" || !e.GetProperty("name").GetString()!.EndsWith("_kernel_time", StringComparison.Ordinal)) continue;
            var op = e.GetProperty("args").GetProperty("op_name").GetString()!;
            var node = e.GetProperty("name").GetString()!;
            var entry = totals.TryGetValue(op, out var t) ? t : (0.0, new HashSet<string>());
            totals[op] = (entry.Item1 + e.GetProperty("dur").GetDouble(), entry.Item2.Add(node) ? entry.Item2 : entry.Item2);
        }
        return [.. totals.OrderByDescending(kv => kv.Value.Us).Select(kv => (kv.Key, kv.Value.Us / 1000 / runs, kv.Value.Nodes.Count))];
    }

    public static IReadOnlyList<(string Node, string Op, double MsPerRun)> SlowestNodes(string profileJson, int runs, int count)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(profileJson));
        var totals = new Dictionary<string, (string Op, double Us)>();
        foreach (var e in doc.RootElement.EnumerateArray())
        {
            if (e.GetProperty("cat").GetString() != "Node" || !e.GetProperty("name").GetString()!.EndsWith("_kernel_time", StringComparison.Ordinal)) continue;
            var node = e.GetProperty("name").GetString()!;
            var op = e.GetProperty("args").GetProperty("op_name").GetString()!;
            totals[node] = (op, (totals.TryGetValue(node, out var t) ? t.Us : 0) + e.GetProperty("dur").GetDouble());
        }
        return [.. totals.OrderByDescending(kv => kv.Value.Us).Take(count).Select(kv => (kv.Key, kv.Value.Op, kv.Value.Us / 1000 / runs))];
    }
}
