using LiveStyle.Core.Weights;

namespace LiveStyle.Core.Networks.AdaIn;

/// <summary>
/// The stylizer's arithmetic for one frame, counted from the architecture: every convolution's
/// multiply-adds (2 FLOPs each) plus its bias adds, at the resolution it runs at. Pooling,
/// padding, upsampling, ReLU and AdaIN's per-element work are counted apart (they are memory-bound
/// and below 1 % of the total).
/// </summary>
public static class AdaInFlops
{
    public static (double Convolution, double Elementwise) Count(int width, int height)
    {
        // The model pads to multiples of 8 first.
        var w = Math.Ceiling(width / 8.0) * 8;
        var h = Math.Ceiling(height / 8.0) * 8;
        double conv = 0, elementwise = 0;
        double scale = 1;
        foreach (var layer in AdaInArchitecture.Encoder)
        {
            if (layer.PoolBefore) { scale /= 2; elementwise += layer.InChannels * (w * scale) * (h * scale) * 4; }
            conv += ConvFlops(layer, w * scale, h * scale);
            if (layer.Relu) elementwise += layer.OutChannels * (w * scale) * (h * scale);
        }
        // AdaIN: mean, centring, squares, sum, normalize, scale, shift: about 7 operations per element.
        elementwise += 7.0 * AdaInArchitecture.FeatureChannels * (w * scale) * (h * scale);
        foreach (var layer in AdaInArchitecture.Decoder)
        {
            if (layer.UpsampleBefore) scale *= 2;
            conv += ConvFlops(layer, w * scale, h * scale);
            if (layer.Relu) elementwise += layer.OutChannels * (w * scale) * (h * scale);
        }
        return (conv, elementwise);
    }

    private static double ConvFlops(ConvLayer layer, double w, double h) =>
        (2.0 * layer.InChannels * layer.Kernel * layer.Kernel + 1) * layer.OutChannels * w * h;
}
