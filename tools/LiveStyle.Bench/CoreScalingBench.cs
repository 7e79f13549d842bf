using System.Diagnostics;

namespace LiveStyle.Bench;

/// <summary>
/// --core-scaling [--cores 0;0,1] [--sizes WxH,…]: the bench's --fast-ends in child processes pinned by
/// `taskset -c` to each CPU list in turn (the kernels' helpers and ONNX Runtime's threads follow the
/// cores the process may use), then the int8 AVX-512 / AVX2 / whole-graph medians side by side with the
/// speed-up over the first list. Linux only (taskset, util-linux).
/// </summary>
public static class CoreScalingBench
{
    public static int Run(string cpuLists, string sizes, int runs, string? weights)
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("--core-scaling pins processes with taskset (Linux)");
        var self = typeof(CoreScalingBench).Assembly.Location;
        var medians = new List<(string Cpus, Dictionary<string, double> Ms)>();
        foreach (var cpus in cpuLists.Split(';'))
        {
            var start = new ProcessStartInfo("taskset") { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var arg in new[] { "-c", cpus, "dotnet", self, "--fast-ends", "--sizes", sizes, "--runs", runs.ToString(System.Globalization.CultureInfo.InvariantCulture) })
                start.ArgumentList.Add(arg);
            if (weights is not null) { start.ArgumentList.Add("--weights"); start.ArgumentList.Add(weights); }
            using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start taskset");
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            Console.WriteLine($"#### taskset -c {cpus}\n{output}");
            medians.Add((cpus, Int8Medians(output)));
        }
        Console.WriteLine("| int8 variant at size | " + string.Join(" | ", medians.Select(m => $"ms, cores {m.Cpus}")) + " | speed-up over the first |");
        Console.WriteLine("|---|" + string.Concat(medians.Select(_ => "---|")) + "---|");
        foreach (var key in medians[0].Ms.Keys)
        {
            var values = medians.Select(m => m.Ms.GetValueOrDefault(key, double.NaN)).ToList();
            Console.WriteLine($"| {key} | {string.Join(" | ", values.Select(v => v.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)))} | " +
                string.Join(", ", values.Skip(1).Select(v => (values[0] / v).ToString("F2", System.Globalization.CultureInfo.InvariantCulture) + "x")) + " |");
        }
        return 0;
    }

    /// <summary>"int8 …" rows' median ms from --fast-ends' tables, keyed by variant and size.</summary>
    private static Dictionary<string, double> Int8Medians(string output)
    {
        var result = new Dictionary<string, double>();
        var size = "";
        foreach (var line in output.Split('\n'))
        {
            if (line.StartsWith("### Fast stylizer at ", StringComparison.Ordinal)) size = line["### Fast stylizer at ".Length..].Split(':')[0];
            var cells = line.Split('|', StringSplitOptions.TrimEntries);
            if (cells.Length > 4 && cells[1].StartsWith("int8", StringComparison.Ordinal)
                && double.TryParse(cells[3], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var ms))
                result[$"{cells[1]} at {size}"] = ms;
        }
        return result;
    }
}
