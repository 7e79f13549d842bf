using System.Globalization;
using LiveStyle.Core.Imaging;
using LiveStyle.Core.Inference;
using LiveStyle.Core.Models;
using LiveStyle.Core.Networks.MicroAst;
using LiveStyle.Core.Pipeline;
using LiveStyle.Core.Quantization;
using LiveStyle.Core.Styling;
using LiveStyle.Core.Threading;
using OpenCvSharp;

namespace LiveStyle.Bench;

/// <summary>
/// --upscale-quality [--pictures DIR]: 1280×720 stylized at 640×360 and brought up bilinearly or by the
/// guided filter (several radii and regularizations), against the fast network run at 1280×720 itself:
/// PSNR, and edge sharpness (mean Sobel magnitude of the luminance, relative to the full-size
/// stylization's). Writes side-by-side crops (full size | bilinear | guided) as PNGs into DIR.
/// </summary>
public static class UpscaleQualityBench
{
    private const int Width = 1280;
    private const int Height = 720;

    public static int Run(ModelStore store, string pictures, int runs)
    {
        Directory.CreateDirectory(pictures);
        using var network = MicroAstStyleNetwork.Open(store, Precision.Int8, ExecutionDevice.Cpu, new CalibrationOptions(), Console.Error.WriteLine);
        var signals = new StyleSignals(MicroAstBenchInputs.Signals(store, Path.Combine(LiveStyle.Core.LiveStyleHome.Root, "models", "styles", "ocean_waves.png")));
        using var full = network.CreateFrameStylizer(Width, Height);
        using var half = network.CreateFrameStylizer(Width / 2, Height / 2);
        using var team = new WorkerTeam(WorkerTeam.DefaultHelpers, "upscale bench");
        var variants = new List<(string Name, IGuidedUpsampler Upsampler)> { ("bilinear", new GuidedUpsampler(Width / 2, Height / 2, Width, Height, 1, 1, false, team.Size)) };
        foreach (var sigma in new[] { 4f, 8f, 16f, 32f })
            variants.Add(($"joint bilateral σ={sigma}", new JointBilateralUpsampler(Width / 2, Height / 2, Width, Height, sigma)));
        foreach (var radius in new[] { 1, 4 })
            foreach (var epsilon in new[] { 1e-4f, 1e-2f })
                variants.Add(($"guided r={radius} ε={epsilon.ToString("0.####", CultureInfo.InvariantCulture)}",
                    new GuidedUpsampler(Width / 2, Height / 2, Width, Height, radius, epsilon, true, team.Size)));
        var psnr = variants.Select(_ => new List<double>()).ToList();
        var sharpness = variants.Select(_ => new List<double>()).ToList();
        var edgeSharpness = variants.Select(_ => new List<double>()).ToList();
        var times = variants.Select(_ => new List<double>()).ToList();
        var contentFolder = Path.Combine(LiveStyle.Core.LiveStyleHome.Root, "..", "shared", "images", "content");
        var photos = Directory.GetFiles(contentFolder, "*.jpg").Order().ToList();
        foreach (var photo in photos)
        {
            using var frame = Frame16By9(photo);
            new PlanarScaler(Width, Height, Width, Height).Scale(frame, full.Content);
            full.Run(signals, 1f);
            using var reference = new Mat(Height, Width, MatType.CV_8UC3);
            ImageConversion.ToBgr(full.Output, reference);
            new PlanarScaler(Width, Height, Width / 2, Height / 2).Scale(frame, half.Content);
            half.Run(signals, 1f);
            var referenceSharpness = Sharpness(reference);
            using var edges = StrongEdges(frame);
            var referenceEdges = Sharpness(reference, edges);
            var outputs = new List<Mat>();
            for (var i = 0; i < variants.Count; i++)
            {
                var output = new Mat(Height, Width, MatType.CV_8UC3);
                for (var r = 0; r < runs; r++)
                {
                    var m = Measurement.Time(() => variants[i].Upsampler.Upsample(half.Output, half.Content, frame, output, team), 0, 1);
                    if (r > 0) times[i].Add(m.Median);
                }
                psnr[i].Add(Cv2.PSNR(reference, output));
                sharpness[i].Add(Sharpness(output) / referenceSharpness);
                edgeSharpness[i].Add(Sharpness(output, edges) / referenceEdges);
                outputs.Add(output);
            }
            var name = Path.GetFileNameWithoutExtension(photo);
            SideBySide(pictures, name, [frame, reference, outputs[0], outputs[variants.FindIndex(v => v.Name == Shown)], outputs[^1]]);
            foreach (var o in outputs) o.Dispose();
        }
        var table = new MarkdownTable($"1280x720 from a 640x360 stylization vs the fast network at 1280x720 ({photos.Count} photos, ocean waves, int8; means; time: median of {runs - 1} runs per photo on {team.Size} threads)",
            "upsampling", "PSNR dB", "worst PSNR dB", "sharpness (full = 1)", "at the frame's edges (full = 1)", "ms at 1280x720");
        for (var i = 0; i < variants.Count; i++)
            table.Add(variants[i].Name, psnr[i].Average(), psnr[i].Min(), sharpness[i].Average(), edgeSharpness[i].Average(), Measurement.Of(times[i]).Median);
        Console.Write(table.Render());
        Console.WriteLine($"pictures (frame | full size | bilinear | {Shown} | {variants[^1].Name}, each a 320×240 crop at 1:1) in {pictures}");
        Console.WriteLine("sharpness: mean Sobel magnitude of the luminance; at the frame's edges: over the 10% of pixels where the frame's own is largest.");
        return 0;
    }

    private static Mat Frame16By9(string photo)
    {
        using var bgr = ImageFile.ReadBgr(photo, "content image");
        var height = Math.Min(bgr.Height, bgr.Width * 9 / 16);
        var width = height * 16 / 9;
        using var crop = new Mat(bgr, new Rect((bgr.Width - width) / 2, (bgr.Height - height) / 2, width, height));
        return ImageResize.Resize(crop, Width, Height);
    }

    private const string Shown = "joint bilateral σ=8";

    /// <summary>The 10% of pixels where the frame's luminance gradient is largest.</summary>
    private static Mat StrongEdges(Mat frame)
    {
        using var magnitude = Gradient(frame);
        magnitude.GetArray(out float[] values);
        var threshold = values.Order().ElementAt((int)(values.Length * 0.9));
        var mask = new Mat();
        Cv2.Compare(magnitude, new Scalar(threshold), mask, CmpTypes.GT);
        return mask;
    }

    private static double Sharpness(Mat bgr, Mat? mask = null)
    {
        using var magnitude = Gradient(bgr);
        return mask is null ? Cv2.Mean(magnitude).Val0 : Cv2.Mean(magnitude, mask).Val0;
    }

    /// <summary>Sobel gradient magnitude of the luminance.</summary>
    private static Mat Gradient(Mat bgr)
    {
        using var gray = new Mat();
        Cv2.CvtColor(bgr, gray, ColorConversionCodes.BGR2GRAY);
        using var dx = new Mat();
        using var dy = new Mat();
        Cv2.Sobel(gray, dx, MatType.CV_32F, 1, 0);
        Cv2.Sobel(gray, dy, MatType.CV_32F, 0, 1);
        var magnitude = new Mat();
        Cv2.Magnitude(dx, dy, magnitude);
        return magnitude;
    }

    private static void SideBySide(string folder, string name, Mat[] pictures)
    {
        var region = new Rect(Width / 2 - 160, Height / 2 - 120, 320, 240);
        using var row = new Mat();
        Cv2.HConcat([.. pictures.Select(p => new Mat(p, region))], row);
        ImageFile.WriteBgr(row, Path.Combine(folder, $"upscale-{name}.png"));
    }
}
