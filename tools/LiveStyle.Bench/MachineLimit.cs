namespace LiveStyle.Bench;

/// <summary>
/// The float32 limit that "% of limit" divides by: the FMA peak of all cores (<see cref="FmaPeak"/>),
/// shown beside the best ONNX Runtime MatMul over several shapes (what a real kernel reaches).
/// Earlier reports divided by one 2048² MatMul, which the stylizer's convs beat (103–109 %).
/// </summary>
public static class MachineLimit
{
    public static (MarkdownTable Table, double GflopPerSecond) Measure(int runs, bool quick)
    {
        var table = new MarkdownTable("Float32 limit of this machine", "measure", "median ms", "GFLOP/s");
        (int M, int K, int N)[] shapes = quick ? [(1024, 1024, 1024), (14400, 576, 64)] : [(1024, 1024, 1024), (2048, 2048, 2048), (14400, 576, 64), (57600, 64, 32)];
        var bestGemm = 0.0;
        foreach (var (m, k, n) in shapes)
        {
            var (time, rate) = GemmCeiling.Measure(m, k, n, runs);
            table.Add($"ONNX Runtime MatMul {m}x{k} · {k}x{n}", time.Median, rate);
            bestGemm = Math.Max(bestGemm, rate);
        }
        var (peak, kind) = FmaPeak.Measure(Environment.ProcessorCount, quick ? 100 : 400);
        table.Add($"{kind} register peak, {Environment.ProcessorCount} threads (the limit)", "-", peak);
        table.Note($"best MatMul reaches {100 * bestGemm / peak:F0} % of the FMA peak; percentages below are of the FMA peak");
        return (table, peak);
    }
}
