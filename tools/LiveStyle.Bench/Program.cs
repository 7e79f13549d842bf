using System.Globalization;
using System.Runtime.InteropServices;
using ExternalException = System.Runtime.InteropServices.ExternalException;
using System.Text;
using LiveStyle.Bench;
using LiveStyle.Core.Imaging;
using LiveStyle.Core.Inference;
using LiveStyle.Core.Models;
using LiveStyle.Core.Networks.AdaIn;
using LiveStyle.Core.Pipeline;
using LiveStyle.Core.Networks;
using LiveStyle.Core.Quantization;
using LiveStyle.Core.Styling;

// LiveStyle's benchmark: stylizer latency against the machine's FMA peak and OpenCV DNN,
// int8 beside float32, and the live pipeline end to end. Usage:
//   dotnet run --project tools/LiveStyle.Bench -c Release -- [--quick] [--out FILE.md] [--runs N] [--weights DIR] [--all-int8] [--pipeline-only]
//     [--source-fps N] [--pipeline-networks adain:auto,fast:auto (network:precision pairs for --pipeline-only)] [--pipeline-size WxH] [--temporal on|off] [--alpha A]
//     [--stabilizer-cost (only the temporal stabilizer's cost per 640x360 frame)] [--flicker (only the flicker tables)] [--frames DIR (side-by-side PNGs of the moving-square clip, input | off | on)]
//   ... --live-regions [--quick] (the live pipeline with regions all and background)
//   ... --person-mask [--runs N] (the person mask at 224/256/360-px inputs beside the fast stylizer, and per frame as the live view pays it)
//   ... --fast [--quick] | --fast-variants [--size WxH] [--profile DIR] | --fast-int8-variants [--size WxH] [--variants a,b] | --fast-pictures DIR
// --all-int8 adds an int8 model with every conv but the first two quantized (built without its gate, not saved).
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
try { OpenCvNative.Require(); }
catch (LiveStyle.Core.LiveStyleException e) { Console.Error.WriteLine($"bench: {e.Message}"); return 1; }
// libtorch's OpenMP threads would otherwise spin between its runs and slow the interleaved engines.
LiveStyle.Train.OpenMpWaitPolicy.PreferPassive();
var quick = args.Contains("--quick");
string Option(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
var runs = int.Parse(Option("--runs", quick ? "3" : "10"), CultureInfo.InvariantCulture);
var outFile = Option("--out", quick ? "bench-quick.md" : "bench.md");
var weights = args.Contains("--weights") ? Option("--weights", "") : null;
var allInt8 = args.Contains("--all-int8");
if (args.Contains("--fast-int8-variants")) return MicroAstBenchCommands.Int8Variants(args, weights, runs);
if (args.Contains("--fast-ends"))
{
    var endsStore = LiveStyle.Core.Models.ModelStore.Locate(weights);
    foreach (var endsSize in Option("--sizes", "480x270,640x360,1280x720").Split(',').Select(s => s.Split('x')))
        MicroAstEndsBench.Run(endsStore, int.Parse(endsSize[0], CultureInfo.InvariantCulture), int.Parse(endsSize[1], CultureInfo.InvariantCulture), runs,
            args.Contains("--profile") ? Option("--profile", ".") : null);
    return 0;
}
if (args.Contains("--core-scaling"))
    return CoreScalingBench.Run(Option("--cores", "0;0,1"), Option("--sizes", "640x360"), runs, weights);
if (args.Contains("--upscale-quality"))
    return UpscaleQualityBench.Run(LiveStyle.Core.Models.ModelStore.Locate(weights), Option("--pictures", Path.Combine(Path.GetTempPath(), "livestyle-upscale")), Math.Max(runs, 2));
if (args.Contains("--person-mask-variants")) return PersonMaskVariants.Run(LiveStyle.Core.Models.ModelStore.Locate(weights), runs);
if (args.Contains("--person-mask-profile"))
    return PersonMaskProfile.Run(LiveStyle.Core.Models.ModelStore.Locate(weights), Option("--person-mask-profile", "."), int.Parse(Option("--side", "224"), CultureInfo.InvariantCulture));
if (args.Contains("--person-mask")) return PersonMaskBench.Run(LiveStyle.Core.Models.ModelStore.Locate(weights), runs);
if (args.Contains("--fast-variants")) return MicroAstBenchCommands.Variants(args, weights, runs);
if (args.Contains("--fast-pictures")) return MicroAstBenchCommands.Pictures(Option("--fast-pictures", "pictures"), weights);
if (args.Contains("--fast")) return MicroAstBenchCommands.Network(weights, runs, quick, Option("--out", "bench-fast.md"));
(int W, int H)[] sizes = quick ? [(256, 256), (640, 360)] : [(256, 256), (512, 512), (640, 360), (1280, 720)];

var report = new StringBuilder();
void Emit(string text) { Console.Write(text); report.Append(text); }

Emit($"## LiveStyle benchmark{(quick ? " (quick)" : "")}\n\n");
Emit($"- machine: {MachineInfo.Describe()}\n- runs: {runs} per size after warm-up, medians; engines interleaved run by run\n" +
     $"- allocator: .NET GC; native engines use glibc malloc (no tcmalloc preload); libtorch with OMP_WAIT_POLICY=passive\n\n");

var store = ModelStore.Locate(weights);
using var stylizer = new AdaInStylizer(store.GetOrBuild(AdaInModel.Stylizer), ExecutionDevice.Cpu);
using var styleEncoder = new AdaInStyleEncoder(store.GetOrBuild(AdaInModel.StyleEncoder), ExecutionDevice.Cpu);
var styleImage = Path.Combine(LiveStyle.Core.LiveStyleHome.Root, "models", "styles", "ocean_waves.png");
using var styleBgr = ImageFile.ReadBgr(styleImage, "style image");
using var styleSized = ImageResize.ShorterSideTo(styleBgr, 256);
var style = (Name: "ocean waves", Statistics: styleEncoder.Encode(ImageConversion.ToPlanar(styleSized)));
if (args.Contains("--live-regions"))
{
    Emit(LiveRegionsBench.Run(store, styleImage, quick));
    File.WriteAllText(outFile, report.ToString());
    return 0;
}
if (args.Contains("--pipeline-only"))
{
    // Only the live pipeline on both networks (NetworkPipelineComparison.cs).
    var sourceFps = double.Parse(Option("--source-fps", NetworkPipelineComparison.DefaultSourceFps.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
    Emit(NetworkPipelineComparison.Run(store, styleImage, quick, message => Console.Error.WriteLine($"  {message}"), sourceFps,
        Option("--pipeline-networks", NetworkPipelineComparison.DefaultNetworks), Option("--pipeline-size", "640x360"),
        LiveStyle.Core.Temporal.TemporalModes.Parse(Option("--temporal", "on")), float.Parse(Option("--alpha", "1"), CultureInfo.InvariantCulture)));
    File.WriteAllText(outFile, report.ToString());
    return 0;
}

// Flicker, temporal stabilization off / on: the float32 network and the int8 one the live view runs on the CPU.
string FlickerTables()
{
    // Both networks at fp32 and at the int8 the live view runs on the CPU, each with the bench style's own signals.
    var networks = new List<(string, IStyleNetwork, StyleSignals)>();
    foreach (var kind in new[] { StyleNetworkKind.AdaIn, StyleNetworkKind.MicroAst })
    foreach (var precision in new[] { Precision.Fp32, Precision.Int8 })
    {
        var network = StyleNetworks.Open(kind, store, precision, ExecutionDevice.Cpu, new CalibrationOptions(), message => Console.Error.WriteLine($"  {message}"));
        if (network.Precision != precision)
        {
            network.Dispose();
            continue;
        }
        networks.Add(($"{StyleNetworkChoice.Name(kind)} {PrecisionChoice.Name(precision)}", network, network.EncodeStyle(ImageConversion.ToPlanar(styleSized))));
    }
    try
    {
        var photo = Path.Combine(CalibrationSet.ContentDirectoryFrom(null), "golden_gate.jpg");
        return FlickerBench.Run(networks, photo, args.Contains("--frames") ? Option("--frames", "") : null, quick);
    }
    finally
    {
        foreach (var (_, network, _) in networks) network.Dispose();
    }
}
if (args.Contains("--stabilizer-cost"))
{
    using var photo = ImageFile.ReadBgr(Path.Combine(CalibrationSet.ContentDirectoryFrom(null), "golden_gate.jpg"), "content photo");
    Emit(FlickerBench.Cost(photo, Math.Max(runs, 30)).Render());
    File.WriteAllText(outFile, report.ToString());
    Console.WriteLine($"report written to {Path.GetFullPath(outFile)}");
    return 0;
}
if (args.Contains("--flicker"))
{
    Emit(FlickerTables());
    File.WriteAllText(outFile, report.ToString());
    Console.WriteLine($"report written to {Path.GetFullPath(outFile)}");
    return 0;
}

var (ceilingTable, ceiling) = MachineLimit.Measure(runs, quick);
Emit(ceilingTable.Render());

var latency = new MarkdownTable("Stylizer latency (ONNX Runtime, CPU, float32)",
    "size", "median ms", "min ms", "max ms", "FPS", "GFLOP (conv)", "GFLOP/s", "% of FMA peak");
var engines = new MarkdownTable("Same network, same weights, other engines (ratio = their median / ours; > 1 means ours is faster)",
    "size", "ours ms", "OpenCV DNN ms", "OpenCV ratio", "TorchSharp ms", "TorchSharp ratio");
var random = new Random(7);
foreach (var (w, h) in sizes)
{
    using var buffers = stylizer.CreateBuffers(w, h);
    for (var i = 0; i < buffers.Content.Data.Length; i++) buffers.Content.Data[i] = (float)random.NextDouble();
    var (convFlops, _) = AdaInFlops.Count(w, h);
    void Ours() => stylizer.Run(buffers, style.Statistics, 1f);

    TorchSharpStylizer? torchNet = null;
    string torchError = "";
    try { torchNet = new TorchSharpStylizer(store, w, h, buffers.Content.Data, style.Statistics); torchNet.Run(); }
    catch (Exception e) when (e is TypeInitializationException or DllNotFoundException or ExternalException) { torchError = e.Message.Split('\n')[0]; torchNet?.Dispose(); torchNet = null; }

    OpenCvDnnStylizer? dnn = null;
    string dnnError = "";
    try { dnn = new OpenCvDnnStylizer(store, w, h, buffers.Content.Data, style.Statistics); dnn.Run(); }
    catch (Exception e) when (e is OpenCvSharp.OpenCVException or InvalidOperationException) { dnnError = e.Message.Split('\n')[0]; dnn?.Dispose(); dnn = null; }

    Ours();
    var ourTimes = new List<double>();
    var dnnTimes = new List<double>();
    var torchTimes = new List<double>();
    for (var i = 0; i < runs; i++)
    {
        ourTimes.Add(Measurement.Time(Ours, 0, 1).Median);
        if (dnn is not null) dnnTimes.Add(Measurement.Time(dnn.Run, 0, 1).Median);
        if (torchNet is not null) torchTimes.Add(Measurement.Time(torchNet.Run, 0, 1).Median);
    }
    dnn?.Dispose();
    torchNet?.Dispose();
    var ours = Measurement.Of(ourTimes);
    latency.Add($"{w}x{h}", ours.Median, ours.Min, ours.Max, 1000 / ours.Median, convFlops / 1e9, ours.PerSecond(convFlops) / 1e9, 100 * ours.PerSecond(convFlops) / 1e9 / ceiling);
    var theirs = dnnTimes.Count > 0 ? Measurement.Of(dnnTimes) : null;
    engines.Add($"{w}x{h}", ours.Median,
        theirs is null ? $"failed: {dnnError}" : theirs.Median.ToString("F0", CultureInfo.InvariantCulture),
        theirs is null ? "-" : (theirs.Median / ours.Median).ToString("F2", CultureInfo.InvariantCulture),
        torchTimes.Count > 0 ? Measurement.Of(torchTimes).Median.ToString("F0", CultureInfo.InvariantCulture) : $"failed: {torchError}",
        torchTimes.Count > 0 ? (Measurement.Of(torchTimes).Median / ours.Median).ToString("F2", CultureInfo.InvariantCulture) : "-");
    Console.Error.WriteLine($"  measured {w}x{h}");
}
Emit(latency.Render());
Emit(engines.Render());

// int8 beside float32: the gated int8 model (what --precision auto runs on the CPU), timed interleaved with
// float32; PSNR against float32 on the calibration set's held-out photos scaled to each size, with the same style.
void Log(string message) => Console.Error.WriteLine($"  {message}");
var int8Model = AdaInStylizerModel.Locate(store, Precision.Int8, ExecutionDevice.Cpu, new CalibrationOptions(), Log);
CalibrationSet? calibration = null;
try { calibration = CalibrationSet.Open(CalibrationSet.ContentDirectoryFrom(null), CalibrationSet.StyleDirectoryFrom(null)); }
catch (LiveStyle.Core.LiveStyleException e) { Log($"no PSNR: {e.Message}"); }
var photos = calibration?.HeldOutContents ?? [];
// The bench's style (a shipped procedural painting, a kind calibration never sees) and the calibration set's held-out styles.
var psnrStyles = new List<(string Name, StyleStatistics Statistics)> { (style.Name, style.Statistics) };
foreach (var path in calibration?.HeldOutStyles ?? [])
    psnrStyles.Add((Path.GetFileNameWithoutExtension(path), styleEncoder.Encode(CalibrationImages.Style(path, QuantizationSettings.Default.StyleSize))));
var psnrStatistics = psnrStyles.Select(s => s.Statistics).ToArray();
if (int8Model.Precision != Precision.Int8)
{
    Emit($"### int8 beside float32\n\nno int8 model: {int8Model.Description}\n\n");
}
else
{
    using var int8 = new AdaInStylizer(int8Model.Path, ExecutionDevice.Cpu);
    AdaInStylizer? everyConv = null;
    var everyConvNote = "";
    if (allInt8 && calibration is not null)
    {
        var settings = QuantizationSettings.Default with { FloatLayers = ["preprocess", "conv1_1"] };
        var (model, gate) = AdaInInt8Stylizer.Build(store, calibration, settings, Log);
        everyConv = new AdaInStylizer(model);
        everyConvNote = $"all-int8: every conv but preprocess and conv1_1 quantized; its gate: {gate.Summary()} ({(gate.Passed ? "passed" : $"refused: {gate.Failure()}")})";
    }
    string[] columns = ["size", "fp32 ms", "int8 ms", "speed-up", "int8 FPS", "PSNR mean dB", "PSNR worst dB"];
    if (everyConv is not null) columns = [.. columns, "all-int8 ms", "all-int8 speed-up", "all-int8 PSNR mean dB", "all-int8 PSNR worst dB"];
    var int8Table = new MarkdownTable("int8 beside float32 (ONNX Runtime, CPU; run alternately, medians)", columns);
    int8Table.Note($"int8 model: {Path.GetFileName(int8Model.Path)}, {int8Model.Description}");
    int8Table.Note($"PSNR: int8 vs float32 outputs in [0,1], alpha 1, the calibration set's held-out photos ({string.Join(", ", photos.Select(Path.GetFileName))}) " +
                   $"scaled to the size × styles {string.Join(", ", psnrStyles.Select(s => s.Name))}");
    if (everyConvNote.Length > 0) int8Table.Note(everyConvNote);
    foreach (var (w, h) in sizes)
    {
        var (fp32Time, int8Time) = Int8Comparison.Time(stylizer, int8, style.Statistics, w, h, runs, seed: 11);
        var psnr = Int8Comparison.Psnr(stylizer, int8, psnrStatistics, photos, w, h);
        List<object> row = [$"{w}x{h}", fp32Time.Median, int8Time.Median, $"{fp32Time.Median / int8Time.Median:F2}x", 1000 / int8Time.Median,
            psnr.Count > 0 ? psnr.Average() : "n/a", psnr.Count > 0 ? psnr.Min() : "n/a"];
        if (everyConv is not null)
        {
            var (fp32Again, everyTime) = Int8Comparison.Time(stylizer, everyConv, style.Statistics, w, h, runs, seed: 11);
            var everyPsnr = Int8Comparison.Psnr(stylizer, everyConv, psnrStatistics, photos, w, h);
            row.AddRange([everyTime.Median, $"{fp32Again.Median / everyTime.Median:F2}x",
                everyPsnr.Count > 0 ? everyPsnr.Average() : "n/a", everyPsnr.Count > 0 ? everyPsnr.Min() : "n/a"]);
        }
        int8Table.Add([.. row]);
        Console.Error.WriteLine($"  measured int8 at {w}x{h}");
    }
    Emit(int8Table.Render());
    everyConv?.Dispose();
}

// The live pipeline on both networks at 640x360, delivered to an MJPEG client (NetworkPipelineComparison.cs).
Emit(NetworkPipelineComparison.Run(store, styleImage, quick, Log));

Emit(FlickerTables());

File.WriteAllText(outFile, report.ToString());
Console.WriteLine($"report written to {Path.GetFullPath(outFile)}");
return 0;

static class MachineInfo
{
    public static string Describe()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return $"{cpu ?? RuntimeInformation.ProcessArchitecture.ToString()}, {Environment.ProcessorCount} logical cores, " +
               $"{RuntimeInformation.OSDescription}, .NET {Environment.Version}, ONNX Runtime {typeof(Microsoft.ML.OnnxRuntime.InferenceSession).Assembly.GetName().Version}";
    }
}
