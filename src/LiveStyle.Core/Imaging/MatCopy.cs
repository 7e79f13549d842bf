using OpenCvSharp;

namespace LiveStyle.Core.Imaging;

public static class MatCopy
{
    /// <summary>
    /// Copies an 8-bit BGR image into <paramref name="target"/>, reallocating it only on a size
    /// change. Row by row through pointers: Mat.CopyTo wraps its argument in a new OutputArray
    /// object per call, which the live path avoids.
    /// </summary>
    public static unsafe void CopyBgr(Mat source, Mat target)
    {
        if (source.Type() != MatType.CV_8UC3)
            throw new ArgumentException($"expected an 8-bit BGR image, got {source.Type()}", nameof(source));
        var width = source.Cols;
        var height = source.Rows;
        if (target.Cols != width || target.Rows != height || target.Type() != MatType.CV_8UC3)
            target.Create(height, width, MatType.CV_8UC3);
        var rowBytes = width * 3;
        for (var y = 0; y < height; y++)
            Buffer.MemoryCopy((void*)source.Ptr(y), (void*)target.Ptr(y), rowBytes, rowBytes);
    }
}
