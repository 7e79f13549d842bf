using System.Runtime.InteropServices;
using OpenCvSharp;

namespace LiveStyle.Core.Temporal;

/// <summary>
/// OpenCV's Farneback dense optical flow between two fixed 8-bit grey images into a fixed flow
/// image, called through OpenCvSharp's native library with argument wrappers made once.
/// Cv2.CalcOpticalFlowFarneback makes new InputArray/OutputArray objects on every call (and
/// disposes the output one), which the per-frame path must not. (DIS optical flow, the faster
/// choice, is not exported by OpenCvSharp 4.13.)
/// </summary>
internal sealed partial class FarnebackFlow : IDisposable
{
    private const string Library = "OpenCvSharpExtern";
    private readonly Mat _a, _b, _flow;
    private readonly IntPtr _aIn, _bIn, _flowOut;

    public FarnebackFlow(Mat a, Mat b, Mat flow)
    {
        _a = a;
        _b = b;
        _flow = flow;
        Check(core_InputArray_new_byMat(a.CvPtr, out _aIn));
        Check(core_InputArray_new_byMat(b.CvPtr, out _bIn));
        Check(core_OutputArray_new_byMat(flow.CvPtr, out _flowOut));
    }

    /// <summary>Flow from one image to the other: other(x + flow(x)) ≈ one(x). aToB picks the direction.</summary>
    /// <param name="iterations">Farneback iterations per pyramid level.</param>
    public void Compute(bool aToB, int iterations)
    {
        var (from, to) = aToB ? (_aIn, _bIn) : (_bIn, _aIn);
        // Pyramid of 3 levels at ½ scale, 9×9 windows, 5-pixel polynomial neighbourhoods.
        Check(video_calcOpticalFlowFarneback(from, to, _flowOut, 0.5, 3, 9, iterations, 5, 1.1, 0));
        GC.KeepAlive(_a);
        GC.KeepAlive(_b);
        GC.KeepAlive(_flow);
    }

    private static void Check(int status)
    {
        if (status != 0) throw new LiveStyleException($"OpenCV optical flow failed (status {status})");
    }

    public void Dispose()
    {
        // A failing delete leaves nothing to undo at dispose: its status is not checked.
        _ = core_InputArray_delete(_aIn);
        _ = core_InputArray_delete(_bIn);
        _ = core_OutputArray_delete(_flowOut);
    }

    [LibraryImport(Library)]
    private static partial int core_InputArray_new_byMat(IntPtr mat, out IntPtr result);

    [LibraryImport(Library)]
    private static partial int core_OutputArray_new_byMat(IntPtr mat, out IntPtr result);

    [LibraryImport(Library)]
    private static partial int core_InputArray_delete(IntPtr array);

    [LibraryImport(Library)]
    private static partial int core_OutputArray_delete(IntPtr array);

    [LibraryImport(Library)]
    private static partial int video_calcOpticalFlowFarneback(IntPtr prev, IntPtr next, IntPtr flow,
        double pyrScale, int levels, int winSize, int iterations, int polyN, double polySigma, int flags);
}
