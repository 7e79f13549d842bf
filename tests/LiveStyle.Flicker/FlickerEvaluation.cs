using System.Diagnostics;
using LiveStyle.Core.Imaging;
using LiveStyle.Core.Temporal;
using OpenCvSharp;

namespace LiveStyle.Flicker;

/// <summary>The flicker figures of one clip with the stabilizer off and on, and the stabilizer's median cost.</summary>
public sealed record FlickerComparison(FlickerFigures Off, FlickerFigures On, double StabilizerMedianMs);

/// <summary>
/// Runs any network (a delegate: input planes → output planes, same size) over a clip in order,
/// once per frame, and measures the plain outputs and the stabilized ones with <see cref="FlickerMeter"/>.
/// </summary>
public static class FlickerEvaluation
{
    /// <param name="onFrame">Called per frame with (index, input, plain output, stabilized output), e.g. to save pictures.</param>
    public static FlickerComparison Compare(IReadOnlyList<Mat> frames, Action<PlanarImage, PlanarImage> stylize,
        StabilizerSettings? settings = null, Action<int, Mat, Mat, Mat>? onFrame = null) =>
        Compare(frames, StylizeAll(frames, stylize), settings, onFrame);

    /// <summary>The network's plain output for every frame, to compare several stabilizer settings on one set of outputs.</summary>
    public static IReadOnlyList<PlanarImage> StylizeAll(IReadOnlyList<Mat> frames, Action<PlanarImage, PlanarImage> stylize)
    {
        var outputs = new List<PlanarImage>();
        foreach (var frame in frames)
        {
            var input = ImageConversion.ToPlanar(frame);
            var output = new PlanarImage(input.Width, input.Height);
            stylize(input, output);
            outputs.Add(output);
        }
        return outputs;
    }

    public static FlickerComparison Compare(IReadOnlyList<Mat> frames, IReadOnlyList<PlanarImage> plainOutputs,
        StabilizerSettings? settings = null, Action<int, Mat, Mat, Mat>? onFrame = null)
    {
        using var off = new FlickerMeter();
        using var on = new FlickerMeter();
        using var stabilizer = new TemporalStabilizer(settings);
        var times = new List<double>();
        for (var i = 0; i < frames.Count; i++)
        {
            var input = ImageConversion.ToPlanar(frames[i]);
            var output = new PlanarImage(input.Width, input.Height, (float[])plainOutputs[i].Data.Clone());
            using var plain = ImageConversion.ToBgr(output);
            var started = Stopwatch.GetTimestamp();
            stabilizer.Apply(input, output);
            if (i > 0) times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            using var stable = ImageConversion.ToBgr(output);
            off.Add(frames[i], plain, plain);
            on.Add(frames[i], stable, plain);
            onFrame?.Invoke(i, frames[i], plain, stable);
        }
        times.Sort();
        return new FlickerComparison(off.Figures(), on.Figures(), times.Count > 0 ? times[times.Count / 2] : double.NaN);
    }
}
