using System.Diagnostics;
using LiveStyle.Core.Inference;
using LiveStyle.Core.Pipeline;
using LiveStyle.Core.Sources;
using LiveStyle.Core.Styling;

namespace LiveStyle.Bench;

/// <summary>What the headless live pipeline delivers on the test pattern, stage by stage.</summary>
public sealed record PipelineResult(
    double Seconds, long FramesOut, double OutputFps, double CaptureFps,
    double CaptureMs, double PreprocessMs, double InferenceMs, double PostprocessMs, double HandOffMs,
    double LatencyMedianMs, double LatencyMaxMs, long ManagedBytesPerFrame, long InferenceThreadBytesPerFrame, long Dropped, string Size);

public static class PipelineBench
{
    public static PipelineResult Run(Stylizer stylizer, StyleEntry style, InferenceSize size, TimeSpan duration)
    {
        IReadOnlyList<StyleEntry> styles = [style];
        var controller = new StyleController(() => styles);
        var pattern = new TestPatternSource();
        var captureMs = MeasureCaptureRead();
        using var pipeline = new LivePipeline(() => pattern, pattern.Name, stylizer, controller, size);
        pipeline.Start();

        // Warm up: the first frames allocate the per-size buffers.
        while (pipeline.Inference.FramesStylized < 2) Thread.Sleep(10);
        var latencies = new List<double>();
        double pre = 0, infer = 0, post = 0, handOff = 0;
        long frames = 0;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var started = Stopwatch.GetTimestamp();
        var capturedBefore = pipeline.Capture.CapturedFrames;
        while (Stopwatch.GetElapsedTime(started) < duration)
        {
            var frame = pipeline.Stylized.Take(TimeSpan.FromMilliseconds(100));
            if (frame is null) continue;
            var now = Stopwatch.GetTimestamp();
            frames++;
            latencies.Add(Stopwatch.GetElapsedTime(frame.CapturedAt, now).TotalMilliseconds);
            handOff += Stopwatch.GetElapsedTime(frame.StylizedAt, now).TotalMilliseconds;
            pre += pipeline.Inference.LastPreprocessMilliseconds;
            infer += pipeline.Inference.LastInferenceMilliseconds;
            post += pipeline.Inference.LastPostprocessMilliseconds;
            pipeline.Stylized.Return(frame);
        }
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var captured = pipeline.Capture.CapturedFrames - capturedBefore;
        var (w, h) = pipeline.Inference.CurrentSize;
        latencies.Sort();
        var n = Math.Max(1, frames);
        return new PipelineResult(seconds, frames, frames / seconds, captured / seconds,
            captureMs, pre / n, infer / n, post / n, handOff / n,
            latencies.Count > 0 ? latencies[latencies.Count / 2] : 0, latencies.Count > 0 ? latencies[^1] : 0,
            allocated / n, MeasureInferenceThreadBytes(stylizer, style, size), pipeline.Captured.Dropped, $"{w}x{h}");
    }

    /// <summary>The capture stage alone: rendering one test-pattern frame.</summary>
    private static double MeasureCaptureRead()
    {
        using var pattern = new TestPatternSource();
        using var mat = new OpenCvSharp.Mat();
        return Measurement.Time(() => pattern.Read(mat), warmup: 3, runs: 20).Median;
    }

    /// <summary>Managed bytes the inference stage allocates per frame in steady state, on its own thread.</summary>
    private static long MeasureInferenceThreadBytes(Stylizer stylizer, StyleEntry style, InferenceSize size)
    {
        using var input = new LiveStyle.Core.Frames.LatestMailbox<LiveStyle.Core.Frames.Frame>(() => new LiveStyle.Core.Frames.Frame());
        using var output = new LiveStyle.Core.Frames.LatestMailbox<LiveStyle.Core.Frames.StylizedFrame>(() => new LiveStyle.Core.Frames.StylizedFrame());
        IReadOnlyList<StyleEntry> styles = [style];
        using var loop = new StylizeLoop(input, output, stylizer, new StyleController(() => styles), size);
        using var pattern = new TestPatternSource();
        using var frame = new LiveStyle.Core.Frames.Frame();
        pattern.Read(frame.Bgr);
        for (var i = 0; i < 2; i++) { loop.Process(frame); output.Return(output.TryTake()!); }
        const int frames = 3;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < frames; i++) { loop.Process(frame); output.Return(output.TryTake()!); }
        return (GC.GetAllocatedBytesForCurrentThread() - before) / frames;
    }
}
