namespace LiveStyle.Core.Networks.MicroAst;

/// <summary>
/// The fast stylizer's arithmetic for one frame (content encoder + decoder), counted from the
/// architecture as <see cref="Models.StylizerFlops"/> counts AdaIN's: each conv's multiply-adds
/// (2 FLOPs) plus its bias adds at the resolution it runs at, grouped convs at their real
/// (grouped) size. The exact rewrites (space-to-depth, regrouping) compute more, counted here as
/// the network's FLOPs, not the graph's.
/// </summary>
public static class MicroAstFlops
{
    public static double Convolution(int width, int height)
    {
        var w = Math.Ceiling(width / 4.0) * 4;
        var h = Math.Ceiling(height / 4.0) * 4;
        double total = 0, scale = 1;
        foreach (var conv in MicroAstArchitecture.EncoderStem)
        {
            scale /= conv.Stride;
            total += Conv(conv, w * scale, h * scale);
        }
        foreach (var block in new[] { MicroAstArchitecture.EncoderLevel0, MicroAstArchitecture.EncoderLevel1, MicroAstArchitecture.DecoderLevel1, MicroAstArchitecture.DecoderLevel0 })
            total += Conv(block.Conv1, w * scale, h * scale) + Conv(block.Conv2, w * scale, h * scale);
        var tail = MicroAstArchitecture.DecoderTail;
        scale *= 2;
        total += Conv(tail[0], w * scale, h * scale) + Conv(tail[1], w * scale, h * scale);
        scale *= 2;
        total += Conv(tail[2], w * scale, h * scale) + Conv(tail[3], w * scale, h * scale) + Conv(tail[4], w * scale, h * scale);
        return total;
    }

    private static double Conv(MicroAstConv conv, double w, double h) =>
        (2.0 * conv.InChannels / conv.Groups * conv.Kernel * conv.Kernel + 1) * conv.OutChannels * w * h;
}
