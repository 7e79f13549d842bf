using LiveStyle.Core.Imaging;
using LiveStyle.Core.Inference;
using LiveStyle.Core.Styling;

using LiveStyle.Core.Quantization;

namespace LiveStyle.Core.Networks.AdaIn;

/// <summary>A held-out style: its name, its statistics (the stylizer's input) and its loss-encoder statistics per layer.</summary>
public sealed record GateStyle(string Name, StyleStatistics Statistics, IReadOnlyList<(float[] Mean, float[] Std)> LayerStatistics);

/// <summary>
/// Measures the int8 stylizer against the float32 one on held-out content × style pairs (α = 1):
/// PSNR of the outputs, and the paper's content and style losses of each.
/// </summary>
public static class AdaInQualityGate
{
    public static IReadOnlyList<PairQuality> Evaluate(AdaInStylizer fp32, AdaInStylizer int8, LossEncoder lossEncoder,
        IReadOnlyList<(string Name, PlanarImage Image)> contents, IReadOnlyList<GateStyle> styles)
    {
        var pairs = new List<PairQuality>();
        foreach (var (contentName, content) in contents)
        {
            var contentRelu41 = lossEncoder.Encode(content)[^1];
            using var fp32Buffers = fp32.CreateBuffers(content.Width, content.Height);
            using var int8Buffers = int8.CreateBuffers(content.Width, content.Height);
            content.Data.CopyTo(fp32Buffers.Content.Data, 0);
            content.Data.CopyTo(int8Buffers.Content.Data, 0);
            foreach (var style in styles)
            {
                fp32.Run(fp32Buffers, style.Statistics, 1f);
                int8.Run(int8Buffers, style.Statistics, 1f);
                var target = StyleTransferLoss.AdaInTarget(contentRelu41, style.LayerStatistics[^1]);
                var fp32Features = lossEncoder.Encode(fp32Buffers.Output);
                var int8Features = lossEncoder.Encode(int8Buffers.Output);
                pairs.Add(new PairQuality(contentName, style.Name,
                    StyleTransferLoss.Psnr(int8Buffers.Output.Data, fp32Buffers.Output.Data),
                    StyleTransferLoss.Content(fp32Features[^1], target),
                    StyleTransferLoss.Content(int8Features[^1], target),
                    StyleTransferLoss.Style(fp32Features, style.LayerStatistics),
                    StyleTransferLoss.Style(int8Features, style.LayerStatistics)));
            }
        }
        return pairs;
    }
}
