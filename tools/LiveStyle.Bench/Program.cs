using System.Globalization;
using System.Runtime.InteropServices;
using ExternalException = System.Runtime.InteropServices.ExternalException;
using System.Text;
using LiveStyle.Bench;
using LiveStyle.Core.Imaging;
using LiveStyle.Core.Inference;
using LiveStyle.Core.Models;
using LiveStyle.Core.Pipeline;
using LiveStyle.Core.Styling;

// LiveStyle's benchmark: stylizer latency against the machine's GEMM ceiling and OpenCV DNN,
// and the live pipeline end to end. Usage:
//   dotnet run --project tools/LiveStyle.Bench -c Release -- [--quick] [--out FILE.md] [--runs N] [--weights DIR]
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
// libtorch's OpenMP threads would otherwise spin between its runs and slow the interleaved engines.
LiveStyle.Train.OpenMpWaitPolicy.PreferPassive();
var quick = args.Contains("--quick");
string Option(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
var runs = int.Parse(Option("--runs", quick ? "3" : "10"), CultureInfo.InvariantCulture);
var outFile = Option("--out", quick ? "bench-quick.md" : "bench.md");
var weights = args.Contains("--weights") ? Option("--weights", "") : null;
(int W, int H)[] sizes = quick ? [(256, 256), (640, 360)] : [(256, 256), (512, 512), (640, 360), (1280, 720)];

var report = new StringBuilder();
void Emit(string text) { Console.Write(text); report.Append(text); }

Emit($"## LiveStyle benchmark{(quick ? " (quick)" : "")}\n\n");
Emit($"- machine: {MachineInfo.Describe()}\n- runs: {runs} per size after warm-up, medians; engines interleaved run by run\n" +
     $"- allocator: .NET GC; native engines use glibc malloc (no tcmalloc preload); libtorch with OMP_WAIT_POLICY=passive\n\n");

var store = ModelStore.Locate(weights);
using var stylizer = new Stylizer(store.GetOrBuild(ModelKind.Stylizer), ExecutionDevice.Cpu);
using var styleEncoder = new StyleEncoder(store.GetOrBuild(ModelKind.StyleEncoder), ExecutionDevice.Cpu);
var styleImage = Path.Combine(LiveStyle.Core.LiveStyleHome.Root, "models", "styles", "ocean_waves.png");
using var styleBgr = ImageFile.ReadBgr(styleImage, "style image");
using var styleSized = ImageResize.ShorterSideTo(styleBgr, 256);
var style = new StyleEntry("ocean waves", styleImage, styleEncoder.Encode(ImageConversion.ToPlanar(styleSized)));

var gemmSize = quick ? 1024 : 2048;
var (gemmTime, ceiling) = GemmCeiling.Measure(gemmSize, runs);
var ceilingTable = new MarkdownTable("Dense float32 ceiling (ONNX Runtime MatMul)", "n", "median ms", "GFLOP/s");
ceilingTable.Add(gemmSize, gemmTime.Median, ceiling);
Emit(ceilingTable.Render());

var latency = new MarkdownTable("Stylizer latency (ONNX Runtime, CPU, float32)",
    "size", "median ms", "min ms", "max ms", "FPS", "GFLOP (conv)", "GFLOP/s", "% of ceiling");
var engines = new MarkdownTable("Same network, same weights, other engines (ratio = their median / ours; > 1 means ours is faster)",
    "size", "ours ms", "OpenCV DNN ms", "OpenCV ratio", "TorchSharp ms", "TorchSharp ratio");
var random = new Random(7);
foreach (var (w, h) in sizes)
{
    using var buffers = stylizer.CreateBuffers(w, h);
    for (var i = 0; i < buffers.Content.Data.Length; i++) buffers.Content.Data[i] = (float)random.NextDouble();
    var (convFlops, _) = StylizerFlops.Count(w, h);
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

var pipelineSize = InferenceSize.Parse("256");
var pipeline = PipelineBench.Run(stylizer, style, pipelineSize, TimeSpan.FromSeconds(quick ? 4 : 15));
using (var onlyBuffers = stylizer.CreateBuffers(455, 256))
{
    var inferenceOnly = Measurement.Time(() => stylizer.Run(onlyBuffers, style.Statistics, 1f), 1, runs);
    var stages = new MarkdownTable($"Live pipeline, headless, test pattern 640x360 @ 30 fps, --size 256 ({pipeline.Size}), {pipeline.Seconds:F0} s",
        "stage", "ms per frame");
    stages.Add("capture (render a pattern frame)", pipeline.CaptureMs);
    stages.Add("preprocess (scale BGR to planar RGB)", pipeline.PreprocessMs);
    stages.Add("inference", pipeline.InferenceMs);
    stages.Add("postprocess (planar to BGR, copy original)", pipeline.PostprocessMs);
    stages.Add("hand-off to the consumer (mailbox wait)", pipeline.HandOffMs);
    Emit(stages.Render());
    var summary = new MarkdownTable("Live pipeline summary", "measure", "value");
    summary.Add("output FPS", pipeline.OutputFps);
    summary.Add("inference-only FPS (same size, same thread count)", 1000 / inferenceOnly.Median);
    summary.Add("output / inference-only", $"{100 * pipeline.OutputFps / (1000 / inferenceOnly.Median):F0} %");
    summary.Add("capture FPS", pipeline.CaptureFps);
    summary.Add("captured frames dropped (newest wins)", pipeline.Dropped);
    summary.Add("latency capture → output, median ms", pipeline.LatencyMedianMs);
    summary.Add("latency capture → output, max ms", pipeline.LatencyMaxMs);
    summary.Add("managed bytes per frame, inference thread", pipeline.InferenceThreadBytesPerFrame);
    summary.Add("managed bytes per frame, whole process", pipeline.ManagedBytesPerFrame);
    Emit(summary.Render());
}

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
