using System.Globalization;
using System.Runtime.Intrinsics;
using OpenCvSharp;

namespace LiveStyle.Core.Networks.PersonMask;

/// <summary>
/// SINet's last step on the CPU: the decoder's two class logits at half the input's size →
/// bilinear ×2 with aligned corners → the 3×3 classifier (zero padding) as one kernel giving the
/// person's logit minus the background's → its sigmoid, the person's probability. In the ONNX
/// graph this step cost a third of the model's time (ONNX Runtime pads its one output channel to
/// 16 in its blocked layout, and the sigmoid with it); here it is two passes and two OpenCV filters.
/// Buffers are made once per size. Not thread-safe.
/// </summary>
public sealed class SinetHead : IDisposable
{
    public const int KernelLength = SinetArchitecture.Classes * 9;

    private readonly Mat[] _kernels;
    private readonly Mat[] _upsampled = [new(), new()];
    private readonly Mat _filtered = new();
    private float[] _row = [];
    private int[] _columnIndex = [];
    private float[] _columnWeight = [];
    private int _coarseWidth;

    /// <param name="kernel">[2 channels, 3, 3]: the person's classifier filter minus the background's.</param>
    public SinetHead(ReadOnlySpan<float> kernel)
    {
        if (kernel.Length != KernelLength) throw new ArgumentException($"the head kernel holds {kernel.Length} values, not {KernelLength}");
        _kernels = new Mat[SinetArchitecture.Classes];
        for (var c = 0; c < _kernels.Length; c++) _kernels[c] = Mat.FromPixelData(3, 3, MatType.CV_32FC1, kernel.Slice(c * 9, 9).ToArray());
    }

    public static string FormatKernel(ReadOnlySpan<float> kernel)
    {
        var parts = new string[kernel.Length];
        for (var i = 0; i < kernel.Length; i++) parts[i] = kernel[i].ToString("R", CultureInfo.InvariantCulture);
        return string.Join(',', parts);
    }

    /// <summary>Parses <see cref="FormatKernel"/>'s text; null when it is not 18 finite numbers.</summary>
    public static float[]? ParseKernel(string? text)
    {
        var parts = text?.Split(',') ?? [];
        if (parts.Length != KernelLength) return null;
        var kernel = new float[KernelLength];
        for (var i = 0; i < parts.Length; i++)
            if (!float.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out kernel[i]) || !float.IsFinite(kernel[i])) return null;
        return kernel;
    }

    /// <summary>
    /// <paramref name="coarse"/> [2, h, w] → <paramref name="logit"/> [2h, 2w] (person − background)
    /// and, when not empty, <paramref name="probability"/> [2h, 2w] (its sigmoid).
    /// </summary>
    public void Run(ReadOnlySpan<float> coarse, int coarseWidth, int coarseHeight, Span<float> logit, Span<float> probability)
    {
        int width = 2 * coarseWidth, height = 2 * coarseHeight, plane = coarseWidth * coarseHeight;
        if (coarse.Length != SinetArchitecture.Classes * plane) throw new ArgumentException("the coarse logits do not hold 2 × w × h values");
        if (logit.Length != width * height || (!probability.IsEmpty && probability.Length != logit.Length)) throw new ArgumentException("the outputs do not hold 2w × 2h values");
        Prepare(coarseWidth, coarseHeight);
        for (var c = 0; c < SinetArchitecture.Classes; c++) Upsample(coarse.Slice(c * plane, plane), coarseWidth, coarseHeight, _upsampled[c]);
        unsafe
        {
            fixed (float* l = logit)
            {
                using var sum = Mat.FromPixelData(height, width, MatType.CV_32FC1, (nint)l);
                Cv2.Filter2D(_upsampled[0], sum, MatType.CV_32F, _kernels[0], new Point(-1, -1), 0, BorderTypes.Constant);
                Cv2.Filter2D(_upsampled[1], _filtered, MatType.CV_32F, _kernels[1], new Point(-1, -1), 0, BorderTypes.Constant);
                Cv2.Add(sum, _filtered, sum);
            }
        }
        if (!probability.IsEmpty) Sigmoid(logit, probability);
    }

    /// <summary>1 / (1 + e^−x), the logit clamped to ±30 first (e^30 stays finite in float; the probability is then within 1e-13 of 0 or 1).</summary>
    public static void Sigmoid(ReadOnlySpan<float> logit, Span<float> probability)
    {
        var i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var limit = Vector512.Create(30f);
            var one = Vector512<float>.One;
            for (; i <= logit.Length - Vector512<float>.Count; i += Vector512<float>.Count)
            {
                var x = Vector512.Clamp(Vector512.Create(logit.Slice(i, Vector512<float>.Count)), -limit, limit);
                (one / (one + Vector512.Exp(-x))).CopyTo(probability.Slice(i, Vector512<float>.Count));
            }
        }
        else if (Vector256.IsHardwareAccelerated)
        {
            var limit = Vector256.Create(30f);
            var one = Vector256<float>.One;
            for (; i <= logit.Length - Vector256<float>.Count; i += Vector256<float>.Count)
            {
                var x = Vector256.Clamp(Vector256.Create(logit.Slice(i, Vector256<float>.Count)), -limit, limit);
                (one / (one + Vector256.Exp(-x))).CopyTo(probability.Slice(i, Vector256<float>.Count));
            }
        }
        for (; i < logit.Length; i++) probability[i] = 1f / (1f + MathF.Exp(-Math.Clamp(logit[i], -30f, 30f)));
    }

    private void Prepare(int coarseWidth, int coarseHeight)
    {
        foreach (var m in _upsampled) m.Create(2 * coarseHeight, 2 * coarseWidth, MatType.CV_32FC1);
        if (_coarseWidth == coarseWidth) return;
        _coarseWidth = coarseWidth;
        _row = new float[coarseWidth];
        var width = 2 * coarseWidth;
        _columnIndex = new int[width];
        _columnWeight = new float[width];
        for (var x = 0; x < width; x++) (_columnIndex[x], _columnWeight[x]) = Source(x, coarseWidth, width);
    }

    /// <summary>Aligned corners: output x reads input x·(in − 1)/(out − 1): the index below and the weight of the one above.</summary>
    private static (int Index, float Weight) Source(int x, int inLength, int outLength)
    {
        if (inLength == 1) return (0, 0f);
        var position = x * (double)(inLength - 1) / (outLength - 1);
        var index = Math.Min((int)position, inLength - 2);
        return (index, (float)(position - index));
    }

    private unsafe void Upsample(ReadOnlySpan<float> source, int width, int height, Mat target)
    {
        var outHeight = 2 * height;
        var outWidth = 2 * width;
        var row = _row.AsSpan();
        for (var y = 0; y < outHeight; y++)
        {
            var (sy, fy) = Source(y, height, outHeight);
            var top = source.Slice(sy * width, width);
            var bottom = height == 1 ? top : source.Slice((sy + 1) * width, width);
            for (var x = 0; x < width; x++) row[x] = top[x] + fy * (bottom[x] - top[x]);
            var output = new Span<float>((float*)target.Ptr(y), outWidth);
            for (var x = 0; x < outWidth; x++)
            {
                var i = _columnIndex[x];
                var left = row[i];
                var right = width == 1 ? left : row[i + 1];
                output[x] = left + _columnWeight[x] * (right - left);
            }
        }
    }

    public void Dispose()
    {
        foreach (var k in _kernels) k.Dispose();
        foreach (var m in _upsampled) m.Dispose();
        _filtered.Dispose();
    }
}
