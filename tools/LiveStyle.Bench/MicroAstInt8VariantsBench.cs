using System.Globalization;
using LiveStyle.Core;
using LiveStyle.Core.Models;
using LiveStyle.Core.Networks.MicroAst;
using LiveStyle.Core.Quantization;

namespace LiveStyle.Bench;

/// <summary>
/// --fast-int8-variants [--size WxH]: int8 builds of the fast stylizer with more or fewer convs in
/// int8, each calibrated and judged by the quality gate, timed interleaved beside the fp32 model:
/// how the shipped choice of int8 convs was made.
/// </summary>
public static class MicroAstInt8VariantsBench
{
    private static readonly string[] Decoder1 = [MicroAstArchitecture.DecoderLevel1.Conv1.Key, MicroAstArchitecture.DecoderLevel1.Conv2.Key];
    private static readonly string[] TailPointwise = [MicroAstArchitecture.DecoderTail[1].Key, MicroAstArchitecture.DecoderTail[3].Key];
    private static readonly string[] TailGrouped = [MicroAstArchitecture.DecoderTail[0].Key, MicroAstArchitecture.DecoderTail[2].Key];
    private static readonly string[] Stem = [.. MicroAstArchitecture.EncoderStem.Select(c => c.Key)];

    public static int Run(ModelStore store, int width, int height, int runs, string? only)
    {
        var shipped = MicroAstQuantization.DefaultSettings;
        var variants = new List<(string Name, QuantizationSettings Settings)>
        {
            ("shipped", shipped),
            ("+tail 1x1", Quantize(shipped, TailPointwise)),
            ("+first", Quantize(shipped, [Stem[0]])),
            ("+first +tail 1x1", Quantize(shipped, [Stem[0], .. TailPointwise])),
            ("+tail", Quantize(shipped, [.. TailPointwise, .. TailGrouped])),
            ("+tail +stem", Quantize(shipped, [.. TailPointwise, .. TailGrouped, .. Stem])),
            ("all", Quantize(shipped, [.. TailPointwise, .. TailGrouped, .. Stem, .. Decoder1])),
        };
        if (only is { Length: > 0 }) variants = [.. variants.Where(v => only.Split(',').Contains(v.Name))];

        var calibration = CalibrationSet.Open(CalibrationSet.ContentDirectoryFrom(null), CalibrationSet.StyleDirectoryFrom(null));
        var signals = MicroAstBenchInputs.Signals(store, Path.Combine(LiveStyleHome.Root, "models", "styles", "ocean_waves.png"));
        var content = MicroAstBenchInputs.Content(width, height);
        var builds = new List<(string Name, byte[] Model, QualityReport? Report)> { ("fp32", File.ReadAllBytes(store.GetOrBuild(MicroAstModel.Stylizer)), null) };
        foreach (var (name, settings) in variants)
        {
            Console.Error.WriteLine($"building '{name}': int8 convs {string.Join(",", MicroAstQuantization.QuantizedBy(settings))}");
            var (model, report) = MicroAstQuantization.Build(store, calibration, settings, m => Console.Error.WriteLine($"  {m}"));
            builds.Add((name, model, report));
        }

        var sessions = builds.Select(b =>
        {
            using var options = MicroAstVariantsBench.DefaultSession();
            return new MicroAstSession(b.Model, options, width, height, content, signals);
        }).ToArray();
        var times = MicroAstVariantsBench.InterleavedTimes(sessions, runs);

        var table = new MarkdownTable($"Fast stylizer int8 variants at {width}x{height} (ONNX Runtime, CPU; interleaved, {runs} runs, medians; gate vs fp32 on the held-out pairs)",
            "variant", "int8 convs", "median ms", "min ms", "vs fp32", "mean PSNR dB", "worst PSNR dB", "gate");
        var fp32 = Measurement.Of(times[0]).Median;
        for (var i = 0; i < sessions.Length; i++)
        {
            var m = Measurement.Of(times[i]);
            var report = builds[i].Report;
            var convs = i == 0 ? 0 : MicroAstQuantization.QuantizedBy(variants[i - 1].Settings).Count;
            table.Add(builds[i].Name, convs, m.Median, m.Min, $"{fp32 / m.Median:F2}x",
                report is null ? "" : report.MeanPsnr.ToString("F1", CultureInfo.InvariantCulture),
                report is null ? "" : report.Worst.Psnr.ToString("F1", CultureInfo.InvariantCulture),
                report is null ? "" : report.Passed ? "pass" : "fail");
        }
        foreach (var s in sessions) s.Dispose();
        Console.Write(table.Render());
        return 0;
    }

    private static QuantizationSettings Quantize(QuantizationSettings settings, IEnumerable<string> convs) =>
        settings with { FloatLayers = [.. settings.FloatLayers.Except(convs)] };
}
