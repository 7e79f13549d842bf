using LiveStyle.Core.Threading;
using LiveStyle.Core.Temporal;
using System.Diagnostics;
using LiveStyle.Core.Frames;
using LiveStyle.Core.Networks;
using LiveStyle.Core.Pipeline;
using LiveStyle.Core.Sinks;
using LiveStyle.Core.Sinks.Stream;
using LiveStyle.Core.Sources;
using LiveStyle.Core.Styling;

namespace LiveStyle.Bench;

/// <summary>What the headless live pipeline delivers on the test pattern, stage by stage, and to an MJPEG client.</summary>
public sealed record PipelineResult(
    double Seconds, long FramesOut, double OutputFps, double CaptureFps,
    double CaptureMs, double PreprocessMs, double InferenceMs, double PostprocessMs, double HandOffMs,
    double LatencyMedianMs, double LatencyMaxMs, long ManagedBytesPerFrame, long InferenceThreadBytesPerFrame, long Dropped, string Size,
    long ClientFrames, double ClientFps);

public static class PipelineBench
{
    /// <summary>
    /// Runs the live pipeline as `livestyle --headless --source pattern --stream 0` does: capture
    /// thread, inference thread on <paramref name="network"/>, a consumer handing every stylized
    /// frame to the MJPEG stream sink, and a real client reading the stream over 127.0.0.1.
    /// </summary>
    public static PipelineResult Run(IStyleNetwork network, StyleEntry style, InferenceSize size, TimeSpan duration, double sourceFps = 30,
        TemporalMode temporal = TemporalMode.On, float alpha = 1f, UpscaleMode upscale = UpscaleMode.JointBilateral,
        LiveStyle.Core.Networks.PersonMask.LiveRegions? regions = null)
    {
        IReadOnlyList<StyleEntry> styles = [style];
        var controller = new StyleController(() => styles, alpha);
        // A camera of the exact size asked for (1280x720 as a video-call app takes it), else 640x360.
        var pattern = size.ShorterSide == 0 ? new TestPatternSource(size.Width, size.Height, sourceFps) : new TestPatternSource(640, 360, sourceFps);
        var captureMs = MeasureCaptureRead();
        using var pipeline = new LivePipeline(() => pattern, pattern.Name, network, controller, size);
        using var sinks = new SinkSet(pipeline.Stylized);
        var stream = new MjpegStreamSink(0);
        sinks.Add(stream);
        using var client = new MjpegClientCounter(stream.Port);
        pipeline.Inference.Temporal = temporal;
        pipeline.Inference.Upscale = upscale;
        pipeline.Inference.Regions = regions;
        pipeline.Start();

        // Warm up: the first frames allocate the per-size buffers and the client's first image arrives.
        var warmUp = Stopwatch.StartNew();
        while ((pipeline.Inference.FramesStylized < 3 || client.Frames < 1) && warmUp.Elapsed < TimeSpan.FromSeconds(60))
            Consume(pipeline, sinks);
        var latencies = new List<double>();
        double pre = 0, infer = 0, post = 0, handOff = 0;
        long frames = 0;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var started = Stopwatch.GetTimestamp();
        var capturedBefore = pipeline.Capture.CapturedFrames;
        var clientBefore = client.Frames;
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
            sinks.Offer(frame);
            pipeline.Stylized.Return(frame);
        }
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var clientFrames = client.Frames - clientBefore;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var captured = pipeline.Capture.CapturedFrames - capturedBefore;
        var (w, h) = pipeline.Inference.CurrentSize;
        var (outW, outH) = pipeline.Inference.OutputSize;
        pipeline.Capture.Stop();
        pipeline.Inference.Stop();
        latencies.Sort();
        var n = Math.Max(1, frames);
        return new PipelineResult(seconds, frames, frames / seconds, captured / seconds,
            captureMs, pre / n, infer / n, post / n, handOff / n,
            latencies.Count > 0 ? latencies[latencies.Count / 2] : 0, latencies.Count > 0 ? latencies[^1] : 0,
            allocated / n, MeasureInferenceThreadBytes(network, style, size, upscale), pipeline.Captured.Dropped,
            (outW, outH) == (w, h) ? $"{w}x{h}" : $"{w}x{h} -> {outW}x{outH} {Upscaling.Name(upscale)}",
            clientFrames, clientFrames / seconds);
    }

    private static void Consume(LivePipeline pipeline, SinkSet sinks)
    {
        var frame = pipeline.Stylized.Take(TimeSpan.FromMilliseconds(50));
        if (frame is null) return;
        sinks.Offer(frame);
        pipeline.Stylized.Return(frame);
    }

    /// <summary>The capture stage alone: rendering one test-pattern frame.</summary>
    private static double MeasureCaptureRead()
    {
        using var pattern = new TestPatternSource();
        using var mat = new OpenCvSharp.Mat();
        return Measurement.Time(() => pattern.Read(mat), warmup: 3, runs: 20).Median;
    }

    /// <summary>Managed bytes the inference stage allocates per frame in steady state, on its own thread.</summary>
    private static long MeasureInferenceThreadBytes(IStyleNetwork network, StyleEntry style, InferenceSize size, UpscaleMode upscale)
    {
        using var input = new LatestMailbox<Frame>(() => new Frame());
        using var output = new LatestMailbox<StylizedFrame>(() => new StylizedFrame());
        IReadOnlyList<StyleEntry> styles = [style];
        using var loop = new StylizeLoop(input, output, network, new StyleController(() => styles), size) { Upscale = upscale };
        using var pattern = size.ShorterSide == 0 ? new TestPatternSource(size.Width, size.Height) : new TestPatternSource();
        using var frame = new Frame();
        pattern.Read(frame.Bgr);
        for (var i = 0; i < 2; i++) { loop.Process(frame); output.Return(output.TryTake()!); }
        const int frames = 3;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < frames; i++) { loop.Process(frame); output.Return(output.TryTake()!); }
        return (GC.GetAllocatedBytesForCurrentThread() - before) / frames;
    }
}
