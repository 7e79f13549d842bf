using LiveStyle.Core.Inference;
using LiveStyle.Core.Models;
using LiveStyle.Core.Networks.MicroAst;
using LiveStyle.Core.Onnx;
using Microsoft.ML.OnnxRuntime;

namespace LiveStyle.Bench;

/// <summary>
/// The fast stylizer's graph variants and session settings, timed interleaved at one size (medians),
/// each checked against the first variant's output: how each exact rewrite was chosen or rejected.
/// </summary>
public static class MicroAstVariantsBench
{
    public sealed record Variant(string Name, MicroAstBuildOptions Build, Func<SessionOptions> Session);

    /// <summary>The app's CPU session settings (<see cref="SessionFactory.BaseOptions"/>): all graph optimizations, all cores, no spinning.</summary>
    public static SessionOptions DefaultSession() => SessionFactory.BaseOptions();

    /// <summary>Each session's run times (ms) after two warm-up runs, the sessions taking turns run by run so all see the same machine load.</summary>
    public static List<double>[] InterleavedTimes(IReadOnlyList<MicroAstSession> sessions, int runs)
    {
        foreach (var s in sessions) { s.Run(); s.Run(); }
        var times = sessions.Select(_ => new List<double>()).ToArray();
        for (var r = 0; r < runs; r++)
            for (var i = 0; i < sessions.Count; i++)
                times[i].Add(Measurement.Time(sessions[i].Run, 0, 1).Median);
        return times;
    }

    public static MarkdownTable Run(MicroAstWeights weights, IReadOnlyList<Variant> variants, int width, int height, float[] content, float[] signals, int runs,
        string? profileFolder)
    {
        var sessions = variants.Select(v =>
        {
            var model = OnnxWriter.Serialize(MicroAstModelBuilder.Build(MicroAstModel.Stylizer, weights, v.Build));
            using var options = v.Session();
            return new MicroAstSession(model, options, width, height, content, signals);
        }).ToArray();
        var times = InterleavedTimes(sessions, runs);

        var table = new MarkdownTable($"Fast stylizer variants at {width}x{height} (ONNX Runtime, CPU, fp32; interleaved, {runs} runs, medians)",
            "variant", "median ms", "min ms", "FPS", "vs first", "max |diff| vs first");
        var baseline = Measurement.Of(times[0]).Median;
        for (var i = 0; i < sessions.Length; i++)
        {
            var m = Measurement.Of(times[i]);
            var diff = sessions[i].Output.Zip(sessions[0].Output, (a, b) => Math.Abs(a - b)).Max();
            table.Add(variants[i].Name, m.Median, m.Min, 1000 / m.Median, $"{baseline / m.Median:F2}x", diff.ToString("E1", System.Globalization.CultureInfo.InvariantCulture));
        }
        foreach (var s in sessions) s.Dispose();

        if (profileFolder is not null)
        {
            foreach (var v in variants)
            {
                var model = OnnxWriter.Serialize(MicroAstModelBuilder.Build(MicroAstModel.Stylizer, weights, v.Build));
                using var options = v.Session();
                options.EnableProfiling = true;
                options.ProfileOutputPathPrefix = Path.Combine(profileFolder, $"fast-{v.Name.Replace(' ', '_').Replace('+', '_')}");
                using var s = new MicroAstSession(model, options, width, height, content, signals);
                s.Run();
                const int profiledRuns = 5;
                for (var r = 0; r < profiledRuns; r++) s.Run();
                var file = s.EndProfiling();
                Console.Error.WriteLine($"profile of '{v.Name}' ({file}), ms per run by op (6 runs incl. warm-up):");
                foreach (var (op, ms, nodes) in OrtProfileSummary.ByOpType(file, profiledRuns + 1))
                    Console.Error.WriteLine($"  {op,-28} {ms,8:F2} ms  ({nodes} nodes)");
                foreach (var (node, op, ms) in OrtProfileSummary.SlowestNodes(file, profiledRuns + 1, 8))
                    Console.Error.WriteLine($"    {node,-50} {op,-20} {ms,8:F2} ms");
            }
        }
        return table;
    }
}
