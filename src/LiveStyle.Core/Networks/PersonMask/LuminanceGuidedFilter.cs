using OpenCvSharp;

namespace LiveStyle.Core.Networks.PersonMask;

/// <summary>
/// The guided filter (He, Sun and Tang) of a one-channel float image p guided by a one-channel
/// float image I of the same size: in every (2r+1)² window p ≈ a·I + b, with
/// a = cov(I,p) / (var(I) + ε) and b = mean(p) − a·mean(I); the output is mean(a)·I + mean(b).
/// Written from OpenCV's box filter and per-element operations rather than ximgproc's
/// guidedFilter, which took 4–8 ms at 320×180 on this machine against about 0.3 ms for the same
/// sums here (its per-call set-up for any number of guide channels). Buffers are reused. Not thread-safe.
/// </summary>
public sealed class LuminanceGuidedFilter : IDisposable
{
    private readonly Mat _meanI = new();
    private readonly Mat _meanP = new();
    private readonly Mat _product = new();
    private readonly Mat _meanII = new();
    private readonly Mat _meanIP = new();
    private readonly Mat _a = new();
    private readonly Mat _b = new();
    private readonly Mat _scratch = new();

    /// <summary>Writes the filtered <paramref name="p"/> into <paramref name="output"/> (CV_32FC1, may be <paramref name="p"/> itself).</summary>
    public void Apply(Mat guide, Mat p, Mat output, int radius, double epsilon)
    {
        if (guide.Type() != MatType.CV_32FC1 || p.Type() != MatType.CV_32FC1 || guide.Size() != p.Size())
            throw new ArgumentException("the guide and the image must be one-channel float images of one size");
        var window = new Size(2 * radius + 1, 2 * radius + 1);
        var anchor = new Point(-1, -1);
        Box(guide, _meanI);
        Box(p, _meanP);
        Cv2.Multiply(guide, guide, _product);
        Box(_product, _meanII);
        Cv2.Multiply(guide, p, _product);
        Box(_product, _meanIP);
        // var(I) + ε, then a = cov(I,p) / (var(I) + ε), b = mean(p) − a·mean(I).
        Cv2.Multiply(_meanI, _meanI, _product);
        Cv2.Subtract(_meanII, _product, _scratch);
        _scratch.ConvertTo(_scratch, MatType.CV_32FC1, 1, epsilon);
        Cv2.Multiply(_meanI, _meanP, _product);
        Cv2.Subtract(_meanIP, _product, _a);
        Cv2.Divide(_a, _scratch, _a);
        Cv2.Multiply(_a, _meanI, _product);
        Cv2.Subtract(_meanP, _product, _b);
        Box(_a, _a);
        Box(_b, _b);
        Cv2.Multiply(_a, guide, _product);
        Cv2.Add(_product, _b, output);

        void Box(Mat source, Mat target) => Cv2.BoxFilter(source, target, MatType.CV_32F, window, anchor, normalize: true, BorderTypes.Reflect);
    }

    public void Dispose()
    {
        _meanI.Dispose();
        _meanP.Dispose();
        _product.Dispose();
        _meanII.Dispose();
        _meanIP.Dispose();
        _a.Dispose();
        _b.Dispose();
        _scratch.Dispose();
    }
}
