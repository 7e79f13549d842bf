using LiveStyle.Core.Imaging;
using LiveStyle.Core.Inference;
using LiveStyle.Core.Networks.AdaIn;
using LiveStyle.Core.Quantization;
using LiveStyle.Core.Styling;

namespace LiveStyle.Bench;

/// <summary>An int8 stylizer beside the float32 one at one size: interleaved timings, and PSNR on real photos.</summary>
public static class Int8Comparison
{
    /// <summary>Each stylizer's median over <paramref name="runs"/> runs, the two alternating run by run.</summary>
    public static (Measurement Fp32, Measurement Int8) Time(AdaInStylizer fp32, AdaInStylizer int8, StyleStatistics style, int width, int height, int runs, int seed)
    {
        using var fp32Buffers = fp32.CreateBuffers(width, height);
        using var int8Buffers = int8.CreateBuffers(width, height);
        var random = new Random(seed);
        for (var i = 0; i < fp32Buffers.Content.Data.Length; i++) int8Buffers.Content.Data[i] = fp32Buffers.Content.Data[i] = (float)random.NextDouble();
        fp32.Run(fp32Buffers, style, 1f);
        int8.Run(int8Buffers, style, 1f);
        var fp32Times = new List<double>();
        var int8Times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            fp32Times.Add(Measurement.Time(() => fp32.Run(fp32Buffers, style, 1f), 0, 1).Median);
            int8Times.Add(Measurement.Time(() => int8.Run(int8Buffers, style, 1f), 0, 1).Median);
        }
        return (Summarize(fp32Times), Summarize(int8Times));
    }

    /// <summary>PSNR (dB) of int8 against float32 for each photo scaled to exactly width × height, with each style.</summary>
    public static IReadOnlyList<double> Psnr(AdaInStylizer fp32, AdaInStylizer int8, IReadOnlyList<StyleStatistics> styles, IReadOnlyList<string> photos, int width, int height)
    {
        using var fp32Buffers = fp32.CreateBuffers(width, height);
        using var int8Buffers = int8.CreateBuffers(width, height);
        var result = new List<double>();
        foreach (var photo in photos)
        {
            using (var bgr = ImageFile.ReadBgr(photo, "content image"))
            using (var sized = ImageResize.Resize(bgr, width, height))
                ImageConversion.ToPlanar(sized, fp32Buffers.Content);
            fp32Buffers.Content.Data.CopyTo(int8Buffers.Content.Data, 0);
            foreach (var style in styles)
            {
                fp32.Run(fp32Buffers, style, 1f);
                int8.Run(int8Buffers, style, 1f);
                result.Add(StyleTransferLoss.Psnr(int8Buffers.Output.Data, fp32Buffers.Output.Data));
            }
        }
        return result;
    }

    private static Measurement Summarize(List<double> times)
    {
        var sorted = times.Order().ToArray();
        var median = sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
        return new Measurement(median, sorted[0], sorted[^1], sorted.Length);
    }
}
