using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LiveStyle.Train.Networks;

/// <summary>
/// Runs a layer; a conv whose output channels are not a whole number of oneDNN's 16-channel
/// blocks runs with zero filters appended up to the next block, and the extra channels are cut off.
/// Why: libtorch's CPU convolutions go through oneDNN, which pads such a channel count to its
/// block, and its backward-data kernel reads the padded lanes it never wrote. When recycled heap
/// memory there holds NaN bit patterns, part of the input gradient comes out NaN (issue 22: the
/// decoder's last conv, 64 → 3 channels, gave NaN in every decoder gradient in about one first
/// iteration in three under load; a single conv2d 64→3 or 64→8 at 1×64×18×18 does it in 5 of 30
/// backward passes after freeing NaN buffers, 64→16 in 0 of 60). With whole blocks there are no
/// padded lanes; the result is the same convolution. Only stride-1, unpadded convs (as built by
/// <see cref="SequentialBuilder"/>) are handled here.
/// </summary>
internal static class WholeBlockConv
{
    private const int Block = 16;

    public static Tensor Forward(nn.Module<Tensor, Tensor> layer, Tensor input)
    {
        if (layer is not Conv2d conv || conv.weight!.shape[0] % Block == 0) return layer.forward(input);
        var weight = conv.weight!;
        var bias = conv.bias!;
        var outChannels = weight.shape[0];
        var extra = Block - outChannels % Block;
        using var zeroFilters = zeros([extra, weight.shape[1], weight.shape[2], weight.shape[3]], weight.dtype, weight.device);
        using var zeroBias = zeros([extra], bias.dtype, bias.device);
        using var paddedWeight = cat([weight, zeroFilters]);
        using var paddedBias = cat([bias, zeroBias]);
        return nn.functional.conv2d(input, paddedWeight, paddedBias).narrow(1, 0, outChannels);
    }
}
