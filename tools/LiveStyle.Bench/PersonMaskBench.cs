using LiveStyle.Core.Imaging;
using LiveStyle.Core.Inference;
using LiveStyle.Core.Models;
using LiveStyle.Core.Networks.MicroAst;
using LiveStyle.Core.Networks.PersonMask;
using LiveStyle.Core.Quantization;
using LiveStyle.Core.Styling;
using OpenCvSharp;

namespace LiveStyle.Bench;

/// <summary>
/// --person-mask [--runs N]: the person mask (SINet) on a 640×360 frame at 224/256/360-px inputs,
/// with ONNX Runtime on 1 thread and on every core, beside the fast stylizer (int8, as the live view
/// runs it on the CPU), all interleaved run by run. Each mask time includes shrinking the frame and
/// the C# head. Then the steps after the model, and the cost per frame as the live view pays it:
/// the model and soft mask on every third frame (<see cref="LiveRegions.ModelInterval"/>), the blend
/// on every frame, as a mean over consecutive frames (a median would hide the frames that run the model).
/// OpenCV on one thread, as the live pipeline sets it.
/// </summary>
public static class PersonMaskBench
{
    public static int Run(ModelStore store, int runs, int width = 640, int height = 360)
    {
        Cv2.SetNumThreads(1);
        using var frame = Frame(width, height);
        var modelPath = SinetModels.GetOrBuild(store, Console.Error.WriteLine);
        var variants = new List<(string Name, PersonSegmenter Segmenter)>();
        foreach (var side in new[] { 224, 256, 360 })
            foreach (var threads in new[] { 1, 0 })
                variants.Add(($"mask {side}-px", new PersonSegmenter(modelPath, side, threads)));
        var threadNames = variants.Select((v, i) => i % 2 == 0 ? "1" : $"{Environment.ProcessorCount} (default)").ToList();
        using var network = MicroAstStyleNetwork.Open(store, Precision.Int8, ExecutionDevice.Cpu, new CalibrationOptions(), Console.Error.WriteLine);
        using var stylizer = network.CreateFrameStylizer(width, height);
        MicroAstBenchInputs.Content(width, height).CopyTo(stylizer.Content.Data, 0);
        var signals = new StyleSignals(MicroAstBenchInputs.Signals(store, Path.Combine(LiveStyle.Core.LiveStyleHome.Root, "models", "styles", "ocean_waves.png")));
        int[] intervals = [1, 2, 3];
        var live = intervals.Select(n => new PersonMasker(modelPath, LiveRegions.NewFrameWeight, threads: 1, modelInterval: n)).ToList();
        try
        {
            var times = variants.Select(_ => new List<double>()).ToList();
            var stylizerTimes = new List<double>();
            using var soft = new SoftPersonMask();
            var probability = variants[0].Segmenter.Segment(frame).ToArray();
            int maskWidth = variants[0].Segmenter.InputWidth, maskHeight = variants[0].Segmenter.InputHeight;
            var softTimes = new List<double>();
            var blendTimes = new List<double>();
            var liveTimes = intervals.Select(_ => new List<double>()).ToList();
            using var composed = new Mat();
            using var stylized = new Mat();
            Cv2.BitwiseNot(frame, stylized);
            using var mask = soft.Refine(probability, maskWidth, maskHeight, frame).Clone();
            for (var r = -5; r < runs; r++)
            {
                for (var i = 0; i < variants.Count; i++)
                {
                    var m = Measurement.Time(() => variants[i].Segmenter.Segment(frame), 0, 1);
                    if (r >= 0) times[i].Add(m.Median);
                }
                var s = Measurement.Time(() => stylizer.Run(signals, 1f), 0, 1);
                if (r >= 0) stylizerTimes.Add(s.Median);
                var sm = Measurement.Time(() => soft.Refine(probability, maskWidth, maskHeight, frame), 0, 1);
                if (r >= 0) softTimes.Add(sm.Median);
                var bl = Measurement.Time(() => RegionComposer.Blend(mask, frame, stylized, stylized), 0, 1);
                if (r >= 0) blendTimes.Add(bl.Median);
                // Six consecutive frames of the live view's regions per interval N: every Nth runs the model and the soft mask, all blend.
                for (var n = 0; n < intervals.Length; n++)
                    for (var f = 0; f < 6; f++)
                    {
                        var masker = live[n];
                        var lv = Measurement.Time(() => RegionComposer.Blend(masker.MaskFor(frame), frame, stylized, stylized), 0, 1);
                        if (r >= 0) liveTimes[n].Add(lv.Median);
                    }
            }
            var table = new MarkdownTable($"Person mask on a {width}x{height} frame beside the fast stylizer (interleaved, {runs} runs, medians; {MachineInfo.Describe()})",
                "model", "input", "threads", "median ms", "min ms", "share of the stylizer's time");
            var stylizerMedian = Measurement.Of(stylizerTimes).Median;
            for (var i = 0; i < variants.Count; i++)
            {
                var m = Measurement.Of(times[i]);
                var seg = variants[i].Segmenter;
                table.Add(variants[i].Name, $"{seg.InputWidth}x{seg.InputHeight}", threadNames[i], m.Median, m.Min, $"{100 * m.Median / stylizerMedian:F0} %");
            }
            var sf = Measurement.Of(softTimes);
            table.Add("soft mask (EMA, guided filter, ramps; half size, then up)", $"{width}x{height}", "1", sf.Median, sf.Min, $"{100 * sf.Median / stylizerMedian:F0} %");
            var bm = Measurement.Of(blendTimes);
            table.Add("blend into the stylized frame (regions background)", $"{width}x{height}", "1", bm.Median, bm.Min, $"{100 * bm.Median / stylizerMedian:F0} %");
            for (var n = 0; n < intervals.Length; n++)
            {
                var mean = liveTimes[n].Average();
                table.Add($"per frame: 224-px model + soft mask {(intervals[n] == 1 ? "every frame" : $"once every {intervals[n]} frames")}, blend every frame (mean; max {liveTimes[n].Max():F1}){(intervals[n] == LiveRegions.ModelInterval ? " = live view" : "")}",
                    $"{width}x{height}", "1", mean, liveTimes[n].Min(), $"{100 * mean / stylizerMedian:F0} %");
            }
            var liveMean = liveTimes[Array.IndexOf(intervals, LiveRegions.ModelInterval)].Average();
            var st = Measurement.Of(stylizerTimes);
            table.Add($"fast stylizer ({network.Precision.ToString().ToLowerInvariant()})", $"{width}x{height}", $"{Environment.ProcessorCount} (default)", st.Median, st.Min, "100 %");
            table.Note($"person mask per frame as the live view pays it: {liveMean:F2} ms (goal: at most 3 ms)");
            Console.Write(table.Render());
        }
        finally
        {
            foreach (var (_, segmenter) in variants) segmenter.Dispose();
            foreach (var masker in live) masker.Dispose();
        }
        return 0;
    }

    /// <summary>A portrait (the astronaut photo python3-skimage installs) filling the frame's height, else a shared content photo.</summary>
    private static Mat Frame(int width, int height)
    {
        const string portrait = "/usr/lib/python3/dist-packages/skimage/data/astronaut.png";
        var path = File.Exists(portrait) ? portrait : Path.Combine(LiveStyle.Core.LiveStyleHome.Root, "models", "styles", "ocean_waves.png");
        using var photo = ImageFile.ReadBgr(path);
        using var scaled = photo.Resize(new Size(photo.Cols * height / photo.Rows, height), 0, 0, InterpolationFlags.Area);
        var frame = new Mat(height, width, MatType.CV_8UC3, new Scalar(120, 130, 140));
        var x = Math.Max(0, (width - scaled.Cols) / 2);
        using (var roi = new Mat(frame, new Rect(x, 0, Math.Min(width, scaled.Cols), height))) scaled[new Rect(0, 0, roi.Cols, height)].CopyTo(roi);
        return frame;
    }
}

/// <summary>--person-mask-profile DIR [--side N]: ONNX Runtime's profile of the person mask by op type.</summary>
public static class PersonMaskProfile
{
    public static int Run(ModelStore store, string folder, int side)
    {
        var modelPath = SinetModels.GetOrBuild(store, Console.Error.WriteLine);
        using var options = SessionFactory.BaseOptions();
        options.ProfileOutputPathPrefix = Path.Combine(folder, "person-mask");
        options.EnableProfiling = true;
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(modelPath, options);
        var (w, h) = MaskInputSize.For(640, 360, side);
        var image = new float[3 * w * h];
        for (var i = 0; i < image.Length; i++) image[i] = (i % 251) / 251f;
        const int runs = 20;
        for (var r = 0; r < runs; r++)
        {
            using var results = session.Run([Microsoft.ML.OnnxRuntime.NamedOnnxValue.CreateFromTensor(SinetModelBuilder.ImageInput,
                new Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>(image, [1, 3, h, w]))]);
        }
        var file = session.EndProfiling();
        Console.Error.WriteLine($"profile of the person mask at {w}x{h} ({file}), ms per run by op ({runs} runs incl. warm-up):");
        foreach (var (op, ms, nodes) in OrtProfileSummary.ByOpType(file, runs)) Console.Error.WriteLine($"  {op,-28} {ms,8:F2} ms  ({nodes} nodes)");
        return 0;
    }
}

/// <summary>--person-mask-variants: graph forms of the person mask at 384x224, interleaved run by run (ONNX Runtime on every core).</summary>
public static class PersonMaskVariants
{
    public static int Run(ModelStore store, int runs)
    {
        var weights = SinetWeights.Load(SinetWeights.PathIn(store.WeightsDirectory));
        var folder = Directory.CreateTempSubdirectory("livestyle-mask-variants").FullName;
        try
        {
            var forms = new List<(string Name, string Path)>();
            foreach (var (name, relus) in new[] { ("PRelu", false), ("relu(x) - a*relu(-x)", true) })
            {
                var path = Path.Combine(folder, $"{forms.Count}.onnx");
                File.WriteAllBytes(path, LiveStyle.Core.Onnx.OnnxWriter.Serialize(SinetModelBuilder.Build(weights, relus)));
                forms.Add((name, path));
            }
            using var frame = new Mat(360, 640, MatType.CV_8UC3);
            Cv2.Randu(frame, Scalar.All(0), Scalar.All(255));
            var variants = forms.SelectMany(f => new[] { 1, 0 }.Select(t => (Name: $"{f.Name}, {(t == 1 ? "1 thread" : "all cores")}", Segmenter: new PersonSegmenter(f.Path, 224, t)))).ToList();
            var times = variants.Select(_ => new List<double>()).ToList();
            for (var r = -5; r < runs; r++)
                for (var i = 0; i < variants.Count; i++)
                {
                    var m = Measurement.Time(() => variants[i].Segmenter.Segment(frame), 0, 1);
                    if (r >= 0) times[i].Add(m.Median);
                }
            var table = new MarkdownTable($"Person mask graph forms at 384x224 (interleaved, {runs} runs, medians)", "form", "median ms", "min ms");
            for (var i = 0; i < variants.Count; i++) table.Add(variants[i].Name, Measurement.Of(times[i]).Median, Measurement.Of(times[i]).Min);
            Console.Write(table.Render());
            foreach (var v in variants) v.Segmenter.Dispose();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
        return 0;
    }
}

/// <summary>
/// --live-regions [--quick]: the headless live pipeline (fast network, precision auto, 640x360, test
/// pattern at 60 fps, MJPEG client) with regions all and background, alternating round by round
/// (5 rounds of 6 s each way, the order swapped every round), with each round's ratio.
/// </summary>
public static class LiveRegionsBench
{
    public static string Run(ModelStore store, string styleImage, bool quick)
    {
        var segment = TimeSpan.FromSeconds(quick ? 3 : 6);
        var rounds = quick ? 1 : 5;
        using var network = LiveStyle.Core.Networks.StyleNetworks.Open(LiveStyle.Core.Networks.StyleNetworkKind.MicroAst, store, Precision.Auto, ExecutionDevice.Cpu,
            new CalibrationOptions(), Console.Error.WriteLine);
        using var bgr = ImageFile.ReadBgr(styleImage, "style image");
        using var sized = ImageResize.ShorterSideTo(bgr, 256);
        var style = new StyleEntry("style", styleImage, network.EncodeStyle(ImageConversion.ToPlanar(sized)));
        using var regions = LiveRegions.Open(store, StylizedRegions.Background, Console.Error.WriteLine);
        var size = LiveStyle.Core.Pipeline.InferenceSize.Parse("640x360");
        var off = new List<PipelineResult>();
        var on = new List<PipelineResult>();
        var ratios = new List<double>();
        for (var round = 0; round < rounds; round++)
        {
            // Odd rounds start with regions on, so a drift of the machine's load does not favour one side.
            if (round % 2 == 0) off.Add(PipelineBench.Run(network, style, size, segment, 60, regions: null));
            on.Add(PipelineBench.Run(network, style, size, segment, 60, regions: regions));
            if (round % 2 == 1) off.Add(PipelineBench.Run(network, style, size, segment, 60, regions: null));
            ratios.Add(on[^1].ClientFps / Math.Max(1e-9, off[^1].ClientFps));
            Console.Error.WriteLine($"  round {round + 1}: {off[^1].ClientFps:F1} fps with regions all, {on[^1].ClientFps:F1} with regions background ({ratios[^1]:P0})");
        }
        PipelineResult Median(List<PipelineResult> r) => r.OrderBy(x => x.ClientFps).ElementAt(r.Count / 2);
        var medianRatio = ratios.Order().ElementAt(ratios.Count / 2);
        var table = new MarkdownTable($"Live pipeline with and without regions (fast {network.Precision.ToString().ToLowerInvariant()}, 640x360, test pattern @ 60 fps, MJPEG client; {rounds} x {segment.TotalSeconds:F0} s alternating, medians; {MachineInfo.Describe()})",
            "regions", "client FPS", "inference ms", "postprocess ms (incl. mask)", "latency median ms");
        var a = Median(off);
        var b = Median(on);
        table.Add("all (no mask)", a.ClientFps, a.InferenceMs, a.PostprocessMs, a.LatencyMedianMs);
        table.Add("background (mask on the inference thread)", b.ClientFps, b.InferenceMs, b.PostprocessMs, b.LatencyMedianMs);
        table.Note($"rate with regions / without: {b.ClientFps / Math.Max(1e-9, a.ClientFps):P0} of the medians, {medianRatio:P0} the median of the rounds' ratios ({string.Join(", ", ratios.Select(r => r.ToString("P0", System.Globalization.CultureInfo.InvariantCulture)))}; goal: at least 90 %)");
        return table.Render();
    }
}
