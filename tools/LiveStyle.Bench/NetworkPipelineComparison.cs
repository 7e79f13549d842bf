using LiveStyle.Core.Temporal;
using LiveStyle.Core.Imaging;
using LiveStyle.Core.Inference;
using LiveStyle.Core.Models;
using LiveStyle.Core.Networks;
using LiveStyle.Core.Pipeline;
using LiveStyle.Core.Quantization;
using LiveStyle.Core.Styling;

namespace LiveStyle.Bench;

/// <summary>
/// The headless live pipeline at 640×360 on both networks with their default precision on the CPU,
/// each delivering to a real MJPEG client over 127.0.0.1; runs alternate network by network so
/// both see the same machine load. The source is the test pattern at 60 fps by default, so 30 fps is not a cap;
/// --source-fps 30 runs it as the app does (a webcam's rate), which leaves the stylizer more of the CPU.
/// </summary>
public static class NetworkPipelineComparison
{
    public const double DefaultSourceFps = 60;

    /// <summary>Both networks at the precision the app picks on the CPU.</summary>
    public const string DefaultNetworks = "adain:auto,fast:auto";

    /// <param name="networksToRun">"network:precision" pairs, comma-separated (--pipeline-networks), e.g. "fast:fp32,fast:int8".</param>
    public static string Run(ModelStore store, string styleImage, bool quick, Action<string> log, double sourceFps = DefaultSourceFps,
        string networksToRun = DefaultNetworks, string inferenceSize = "640x360", TemporalMode temporal = TemporalMode.On, float alpha = 1f)
    {
        // "640x360,1280x720" or with a mode: "1280x720:full"; every network at every size, interleaved.
        var sizes = inferenceSize.Split(',').Select(entry => entry.Split(':'))
            .Select(parts => (Text: string.Join(":", parts), Size: InferenceSize.Parse(parts[0]), Upscale: parts.Length > 1 ? Upscaling.Parse(parts[1]) : UpscaleMode.JointBilateral)).ToList();
        var segment = TimeSpan.FromSeconds(quick ? 3 : 10);
        var rounds = quick ? 1 : 3;
        var networks = new List<(IStyleNetwork Network, StyleEntry Style)>();
        try
        {
            foreach (var pair in networksToRun.Split(','))
            {
                var parts = pair.Split(':');
                var network = StyleNetworks.Open(StyleNetworkChoice.Parse(parts[0]), store, PrecisionChoice.Parse(parts.Length > 1 ? parts[1] : "auto"),
                    ExecutionDevice.Cpu, new CalibrationOptions(), log);
                networks.Add((network, new StyleEntry(Path.GetFileNameWithoutExtension(styleImage), styleImage, Encode(network, styleImage))));
            }
            var runs = networks.SelectMany(n => sizes.Select(s => (n.Network, n.Style, s.Text, s.Size, s.Upscale))).ToList();
            var results = runs.Select(_ => new List<PipelineResult>()).ToArray();
            for (var round = 0; round < rounds; round++)
                for (var i = 0; i < runs.Count; i++)
                {
                    results[i].Add(PipelineBench.Run(runs[i].Network, runs[i].Style, runs[i].Size, segment, sourceFps, temporal, alpha, runs[i].Upscale));
                    log($"live pipeline, {StyleNetworks.Summary(runs[i].Network)} at {runs[i].Text}: {results[i][^1].ClientFps:F1} fps at the client");
                }
            return Render([.. runs.Select(r => r.Network)], [.. runs.Select(r => r.Text)], results, segment, rounds, sourceFps, inferenceSize, temporal, alpha);
        }
        finally
        {
            foreach (var (network, _) in networks) network.Dispose();
        }
    }

    private static StyleSignals Encode(IStyleNetwork network, string styleImage)
    {
        using var bgr = ImageFile.ReadBgr(styleImage, "style image");
        using var sized = ImageResize.ShorterSideTo(bgr, 256);
        return network.EncodeStyle(ImageConversion.ToPlanar(sized));
    }

    private static string Render(IReadOnlyList<IStyleNetwork> networks, IReadOnlyList<string> sizes, IReadOnlyList<List<PipelineResult>> results, TimeSpan segment, int rounds, double sourceFps, string inferenceSize, TemporalMode temporal, float alpha)
    {
        var table = new MarkdownTable($"Live pipeline per network: headless, test pattern at the --size (640x360 for a shorter side) @ {sourceFps:F0} fps, --size {inferenceSize}, {temporal.Describe()}, --alpha {alpha:0.##}, --stream to an MJPEG client",
            "network", "precision", "--size", "stylized (-> output)", "client FPS", "output FPS", "capture FPS", "preprocess ms", "inference ms", "postprocess ms",
            "latency median ms", "dropped", "managed B/frame (inference thread)", "managed B/frame (process)");
        table.Note($"{rounds} round(s) of {segment.TotalSeconds:F0} s per network, networks alternating; medians over rounds. " +
                   "client FPS: JPEG images received by a client reading /stream over 127.0.0.1 (the stream sink encodes on its own thread)");
        var clientFps = new double[networks.Count];
        for (var i = 0; i < networks.Count; i++)
        {
            PipelineResult Median(Func<PipelineResult, double> by) => results[i].OrderBy(by).ElementAt(results[i].Count / 2);
            var r = Median(x => x.ClientFps);
            clientFps[i] = r.ClientFps;
            table.Add(StyleNetworkChoice.Name(networks[i].Kind), PrecisionChoice.Name(networks[i].Precision), sizes[i], r.Size, r.ClientFps, r.OutputFps, r.CaptureFps,
                r.PreprocessMs, r.InferenceMs, r.PostprocessMs, r.LatencyMedianMs, r.Dropped, r.InferenceThreadBytesPerFrame, r.ManagedBytesPerFrame);
        }
        var adain = Array.FindIndex(networks.ToArray(), n => n.Kind == StyleNetworkKind.AdaIn);
        var fast = Array.FindIndex(networks.ToArray(), n => n.Kind == StyleNetworkKind.MicroAst);
        for (var i = 0; i < networks.Count; i++)
            for (var j = 0; j < networks.Count; j++)
                if (i != j && networks[i] == networks[j] && sizes[j] == "640x360" && sizes[i] != sizes[j] && clientFps[j] > 0)
                    table.Note($"{StyleNetworkChoice.Name(networks[i].Kind)} {PrecisionChoice.Name(networks[i].Precision)}: --size {sizes[i]} / 640x360 at the client: {clientFps[i] / clientFps[j]:F2}x (goal for 1280x720: >= 0.6x)");
        if (adain >= 0 && fast >= 0 && clientFps[adain] > 0)
            table.Note($"fast / adain at the client: {clientFps[fast] / clientFps[adain]:F1}x (goal: fast >= 30 fps and >= 8x adain)");
        return table.Render();
    }
}
