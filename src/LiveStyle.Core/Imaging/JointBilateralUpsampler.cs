using LiveStyle.Core.Threading;
using OpenCvSharp;

namespace LiveStyle.Core.Imaging;

/// <summary>
/// Joint bilateral upsampling (Kopf et al., 2007) over the 2×2 small pixels around each large pixel:
/// each weighs as in bilinear interpolation times exp(−ΔY² / 2σ²), ΔY the difference between the large
/// guide's luminance there and the small guide's at that small pixel. Across an edge of the frame the
/// large pixel takes the colour of the side it belongs to, so edges stay as sharp as the frame's, where
/// bilinear blurs them over two large pixels. Channels are independent (a mask would go the same way).
/// </summary>
public sealed class JointBilateralUpsampler : IGuidedUpsampler
{
    private const int Channels = 3;
    private readonly int _lowWidth;
    private readonly int _lowHeight;
    /// <summary>The small guide's luminance in 8-bit levels.</summary>
    private readonly float[] _lowLuminance;
    /// <summary>exp(−d² / 2σ²) for d = 0…255 levels.</summary>
    private readonly float[] _range;
    private readonly int[] _columns;
    private readonly float[] _columnWeights;
    private readonly WorkerTeam.Jobs _apply;
    private PlanarImage? _low;
    private Mat? _highGuide;
    private Mat? _output;

    /// <param name="sigma">The luminance difference, in 8-bit levels, at which a neighbour's weight falls to e^−½.</param>
    public JointBilateralUpsampler(int lowWidth, int lowHeight, int highWidth, int highHeight, float sigma)
    {
        if (lowWidth < 2 || lowHeight < 2 || highWidth < lowWidth || highHeight < lowHeight)
            throw new ArgumentException($"cannot bring {lowWidth}×{lowHeight} up to {highWidth}×{highHeight}");
        if (!(sigma > 0)) throw new ArgumentOutOfRangeException(nameof(sigma), "σ must be positive");
        (_lowWidth, _lowHeight, HighWidth, HighHeight, Sigma) = (lowWidth, lowHeight, highWidth, highHeight, sigma);
        _lowLuminance = new float[lowWidth * lowHeight];
        _range = [.. Enumerable.Range(0, 256).Select(d => MathF.Exp(-d * d / (2 * sigma * sigma)))];
        (_columns, _columnWeights) = Taps(lowWidth, highWidth);
        _apply = new WorkerTeam.Jobs((y, _) => ApplyRow(y));
    }

    public int HighWidth { get; }
    public int HighHeight { get; }
    public float Sigma { get; }

    /// <summary>Bilinear taps with half-pixel centres, edges clamped: the left small column of the pair and the right one's weight, per large column.</summary>
    internal static (int[], float[]) Taps(int low, int high)
    {
        var columns = new int[high];
        var weights = new float[high];
        for (var x = 0; x < high; x++)
        {
            var source = Math.Clamp((x + 0.5) * low / high - 0.5, 0, low - 1);
            columns[x] = Math.Min((int)source, low - 2);
            weights[x] = (float)(source - columns[x]);
        }
        return (columns, weights);
    }

    public void Upsample(PlanarImage low, PlanarImage lowContent, Mat highGuide, Mat output, WorkerTeam team)
    {
        if (low.Width != _lowWidth || low.Height != _lowHeight || lowContent.Width != _lowWidth || lowContent.Height != _lowHeight)
            throw new ArgumentException("the small images' size differs from the upsampler's");
        if (highGuide.Width != HighWidth || highGuide.Height != HighHeight || highGuide.Type() != MatType.CV_8UC3)
            throw new ArgumentException("the large guide must be 8-bit BGR at the upsampler's large size");
        if (output.Width != HighWidth || output.Height != HighHeight || output.Type() != MatType.CV_8UC3)
            output.Create(HighHeight, HighWidth, MatType.CV_8UC3);
        var r = lowContent.Plane(0);
        var g = lowContent.Plane(1);
        var b = lowContent.Plane(2);
        for (var i = 0; i < _lowLuminance.Length; i++) _lowLuminance[i] = 255f * (0.299f * r[i] + 0.587f * g[i] + 0.114f * b[i]);
        (_low, _highGuide, _output) = (low, highGuide, output);
        try
        {
            team.Run(_apply, HighHeight);
        }
        finally
        {
            (_low, _highGuide, _output) = (null, null, null);
        }
    }

    private unsafe void ApplyRow(int y)
    {
        int w = _lowWidth, h = _lowHeight, plane = w * h;
        var source = Math.Clamp((y + 0.5) * h / HighHeight - 0.5, 0, h - 1);
        var top = Math.Min((int)source, h - 2);
        var wy = (float)(source - top);
        var image = _low!.Data;
        var guide = new ReadOnlySpan<byte>((byte*)_highGuide!.Ptr(y), HighWidth * 3);
        var output = new Span<byte>((byte*)_output!.Ptr(y), HighWidth * 3);
        var luminance = _lowLuminance;
        for (var x = 0; x < HighWidth; x++)
        {
            var left = _columns[x];
            var wx = _columnWeights[x];
            var y8 = 0.114f * guide[3 * x] + 0.587f * guide[3 * x + 1] + 0.299f * guide[3 * x + 2];
            int i00 = top * w + left, i01 = i00 + 1, i10 = i00 + w, i11 = i10 + 1;
            var w00 = (1 - wx) * (1 - wy) * Range(y8 - luminance[i00]);
            var w01 = wx * (1 - wy) * Range(y8 - luminance[i01]);
            var w10 = (1 - wx) * wy * Range(y8 - luminance[i10]);
            var w11 = wx * wy * Range(y8 - luminance[i11]);
            var total = w00 + w01 + w10 + w11;
            // No neighbour alike (a thin line the small guide lost): plain bilinear.
            if (total < 1e-6f)
            {
                (w00, w01, w10, w11) = ((1 - wx) * (1 - wy), wx * (1 - wy), (1 - wx) * wy, wx * wy);
                total = 1f;
            }
            var scale = 255f / total;
            for (var c = 0; c < Channels; c++)
            {
                var at = c * plane;
                var value = (w00 * image[at + i00] + w01 * image[at + i01] + w10 * image[at + i10] + w11 * image[at + i11]) * scale + 0.5f;
                output[3 * x + 2 - c] = value <= 0f ? (byte)0 : value >= 255f ? (byte)255 : (byte)value;   // RGB planes, BGR bytes
            }
        }
    }

    private float Range(float difference) => _range[Math.Min((int)MathF.Abs(difference), 255)];
}
