using LiveStyle.Flicker;
using LiveStyle.Core.Imaging;
using LiveStyle.Core.Networks;
using LiveStyle.Core.Styling;
using LiveStyle.Core.Temporal;
using LiveStyle.Core.Threading;
using OpenCvSharp;

namespace LiveStyle.Bench;

/// <summary>
/// Flicker with temporal stabilization off and on, on generated clips with known motion (a still
/// camera, a slow pan, a square crossing a still scene; one shared photo with sensor noise), the
/// still and square clips again through a real MPEG-4 encoder at a low bitrate, and real footage
/// (people walking past a still camera, <see cref="RecordedClips"/>, three segments), and the
/// stabilizer's cost per frame at 640×360. Side-by-side PNGs (input | off | on) of the square clip
/// and of the real footage are written for looking at.
/// </summary>
public static class FlickerBench
{
    private const int EncodedKilobits = 300, EncodedFps = 10;

    /// <param name="framesDirectory">Where the side-by-side PNGs go; null: none are written.</param>
    public static string Run(IReadOnlyList<(string Name, IStyleNetwork Network, StyleSignals Style)> networks, string photoPath, string? framesDirectory, bool quick)
    {
        using var photo = ImageFile.ReadBgr(photoPath, "content photo");
        // The size of the reference still-camera clip; quick: a quarter of it, few frames, no settings table.
        var (width, height) = quick ? (192, 144) : (384, 288);
        var frames = quick ? 4 : 16;
        const double noise = 1.5;
        var still = SyntheticClips.Still(photo, width, height, frames, noise);
        var square = SyntheticClips.MovingSquare(photo, width, height, frames, side: height / 4 - height / 4 % 2, pixelsPerFrame: width / 48, noise);
        // Real footage: 30 frames (3 s) from the start, the middle and the end of the clip; quick: 8 from the start.
        var realFrames = quick ? 8 : 30;
        var realStarts = quick ? new[] { 0 } : [0, 300, 600];
        var clips = new List<SyntheticClip>
        {
            still,
            SyntheticClips.Pan(photo, width, height, frames, pixelsPerFrame: 0.5, noise),
            square,
            EncodedClips.ThroughMpeg4(still, EncodedKilobits, EncodedFps),
            EncodedClips.ThroughMpeg4(square, EncodedKilobits, EncodedFps),
        };
        clips.AddRange(realStarts.Select(start => RecordedClips.PeopleWalking(start, realFrames, width, height)));
        var table = new MarkdownTable($"Flicker, temporal stabilization off / on ({width}x{height}; generated clips: {frames} frames, sensor noise sigma {noise}/255)",
            "clip", "network", "temporal", "still amplification", "still input change /255", "warping error x1e3", "motion fidelity dB", "stabilizer ms per frame");
        table.Note($"photo {Path.GetFileName(photoPath)}; MPEG-4: the generated clip through ffmpeg's mpeg4 encoder at {EncodedKilobits} kb/s, {EncodedFps} frames/s; " +
                   $"people walking: {RecordedClips.PeopleWalkingPath} (Debian {RecordedClips.PeopleWalkingPackage}), {realFrames} frames from the one named, scaled to {width}x{height}; " +
                   "still amplification: output change / input change where the input's 5x5 neighbourhood changed < 3 %; " +
                   "warping error: Lai et al. (Farneback flow on the inputs, forward-backward occlusion check), mean squared difference in [0,1] units; " +
                   "motion fidelity: PSNR of the output vs the per-frame output where the input changed >= 3 % (off: identical by definition); " +
                   "stabilizer ms: median wall time per frame at this size on a shared machine");
        if (framesDirectory is not null) Directory.CreateDirectory(framesDirectory);
        foreach (var (name, network, style) in networks)
        {
            foreach (var clip in clips)
            {
                var pictures = clip == square ? "square" : clip.Name.StartsWith("people walking", StringComparison.Ordinal) ? clip.Name.Replace(' ', '-') : null;
                var result = FlickerEvaluation.Compare(clip.Frames, (input, output) => Stylize(network, style, input, output),
                    onFrame: pictures is not null && framesDirectory is not null
                        ? (i, input, off, on) => SaveSideBySide(Path.Combine(framesDirectory, $"{name.Replace(' ', '-')}-{pictures}-{i:D2}.png"), input, off, on)
                        : null);
                foreach (var (mode, figures) in new[] { ("off", result.Off), ("on", result.On) })
                    table.Add(clip.Name, name, mode, figures.StillAmplification, figures.StillInputChange, figures.WarpingError * 1e3,
                        mode == "off" ? "-" : figures.MotionFidelityDb.ToString("F1", System.Globalization.CultureInfo.InvariantCulture),
                        mode == "off" ? "-" : result.StabilizerMedianMs.ToString("F2", System.Globalization.CultureInfo.InvariantCulture));
                Console.Error.WriteLine($"  flicker measured: {clip.Name}, {name}");
            }
        }
        // The settings compared on the int8 networks (what the CPU runs by default).
        var variants = quick ? "" : string.Concat(networks.Where(n => n.Name.EndsWith("int8", StringComparison.Ordinal)).Select(n => Variants(n, clips).Render()));
        foreach (var clip in clips) clip.Dispose();
        return table.Render() + variants + Cost(photo, quick ? 5 : 30).Render();
    }

    /// <summary>The stabilizer's candidate settings side by side, on one network's outputs of each clip.</summary>
    private static MarkdownTable Variants((string Name, IStyleNetwork Network, StyleSignals Style) network, IReadOnlyList<SyntheticClip> clips)
    {
        var defaults = StabilizerSettings.Default;
        (string, StabilizerSettings)[] variants =
        [
            ("default", defaults),
            ("no step limit for still pixels", defaults with { StillStep = float.PositiveInfinity }),
            ("no recovery after a passer-by", defaults with { RecoverFrames = 0 }),
            ("no error bound", defaults with { ErrorBound = float.PositiveInfinity }),
            ("still weight 0.05", defaults with { StillWeight = 0.05f }),
            ("noise level 3, change level 12 (before issue 23)", defaults with { NoiseLevel = 3f, ChangeLevel = 12f }),
            ("flow image 64 px, 2 Farneback iterations", defaults with { FlowIterations = 2 }),
            ("flow image 80 px, 2 Farneback iterations (before the cost work)", defaults with { FlowShorterSide = 80, FlowIterations = 2 }),
        ];
        var table = new MarkdownTable($"Stabilizer settings compared ({network.Name}; same per-frame outputs for every row of a clip)",
            "clip", "settings", "still amplification", "warping error x1e3", "motion fidelity dB", "ms per frame");
        table.Note($"default: {defaults}");
        foreach (var clip in clips)
        {
            var outputs = FlickerEvaluation.StylizeAll(clip.Frames, (input, output) => Stylize(network.Network, network.Style, input, output));
            var first = true;
            foreach (var (name, settings) in variants)
            {
                var result = FlickerEvaluation.Compare(clip.Frames, outputs, settings);
                if (first) table.Add(clip.Name, "off", result.Off.StillAmplification, result.Off.WarpingError * 1e3, "-", "-");
                first = false;
                table.Add(clip.Name, name, result.On.StillAmplification, result.On.WarpingError * 1e3, result.On.MotionFidelityDb, result.StabilizerMedianMs);
            }
            Console.Error.WriteLine($"  settings compared: {clip.Name}");
        }
        return table;
    }

    /// <summary>
    /// The stabilizer alone at 640×360 on a pan (every pixel moves a little) and a still scene, per
    /// flow-image size, on the calling thread alone and on a team of one thread per core (as the live
    /// view runs it): wall time, and the process's CPU time per frame (the machine is shared, so wall
    /// time includes waiting for a core). The variants take turns frame by frame.
    /// </summary>
    public static MarkdownTable Cost(Mat photo, int runs)
    {
        const int width = 640, height = 360;
        using var team = new WorkerTeam(WorkerTeam.DefaultHelpers, "bench helper");
        var table = new MarkdownTable($"Temporal stabilizer cost per frame at {width}x{height} (after warm-up; {runs} frames, variants interleaved)",
            "clip", "flow image, Farneback iterations", "threads", "wall median ms", "wall min ms", "CPU ms per frame (process)");
        foreach (var pixelsPerFrame in new[] { 0.0, 0.5 })
        {
            using var clip = SyntheticClips.Pan(photo, width, height, 2, pixelsPerFrame, noise: 1.5);
            var inputs = clip.Frames.Select(ImageConversion.ToPlanar).ToArray();
            var variants = (from flow in new[] { (Side: 64, Iterations: 1), (Side: 80, Iterations: 2) }
                            from threads in new[] { 1, team.Size }
                            select (flow, threads, stabilizer: new TemporalStabilizer(StabilizerSettings.Default with { FlowShorterSide = flow.Side, FlowIterations = flow.Iterations }),
                                times: new List<double>(), cpu: new double[1])).ToArray();
            var output = new PlanarImage(width, height);
            for (var i = 0; i < runs + 2; i++)
            {
                foreach (var v in variants)
                {
                    // The per-frame output changes by noise from frame to frame, like a network's.
                    inputs[i % 2].Data.CopyTo(output.Data, 0);
                    var cpuBefore = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
                    var time = Measurement.Time(() => v.stabilizer.Apply(inputs[i % 2], output, v.threads == 1 ? null : team), 0, 1).Median;
                    if (i < 2) continue;
                    v.cpu[0] += (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds;
                    v.times.Add(time);
                }
            }
            foreach (var v in variants)
            {
                v.stabilizer.Dispose();
                var wall = Measurement.Of(v.times);
                var factor = Math.Max(1, height / v.flow.Side);
                table.Add(pixelsPerFrame == 0 ? "still" : $"pan {pixelsPerFrame} px/frame", $"{width / factor}x{height / factor}, {v.flow.Iterations} iteration(s)", v.threads,
                    wall.Median, wall.Min, v.cpu[0] / runs);
            }
        }
        return table;
    }

    private static void Stylize(IStyleNetwork network, StyleSignals style, PlanarImage input, PlanarImage output)
    {
        using var buffers = network.CreateFrameStylizer(input.Width, input.Height);
        input.Data.CopyTo(buffers.Content.Data, 0);
        buffers.Run(style, 1f);
        buffers.Output.Data.CopyTo(output.Data, 0);
    }

    private static void SaveSideBySide(string path, Mat input, Mat off, Mat on)
    {
        using var row = new Mat();
        Cv2.HConcat([input, off, on], row);
        Cv2.ImWrite(path, row);
    }
}
