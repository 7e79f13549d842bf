using LiveStyle.Core.Models;
using OpenCvSharp;

namespace LiveStyle.Core.Networks.PersonMask;

/// <summary>
/// The person mask of frames at their own size: the model on a shrunk copy (<see cref="PersonSegmenter"/>),
/// then <see cref="SoftPersonMask"/>. For a video or the live view keep one per stream, so the
/// moving average sees consecutive frames; for still images pass newFrameWeight 1.
/// </summary>
public sealed class PersonMasker : IDisposable
{
    private readonly PersonSegmenter _segmenter;
    private readonly SoftPersonMask _soft;

    public PersonMasker(string modelPath, float newFrameWeight, int side = MaskInputSize.DefaultSide, int threads = 0)
    {
        _segmenter = new PersonSegmenter(modelPath, side, threads);
        _soft = new SoftPersonMask(newFrameWeight);
    }

    /// <summary>Builds (or reuses) the model from the SINet weights in the store's weights folder; bad weights throw one line naming file and tensor.</summary>
    public static PersonMasker Open(ModelStore store, float newFrameWeight, Action<string>? log = null, int threads = 0) =>
        new(SinetModels.GetOrBuild(store, log), newFrameWeight, threads: threads);

    /// <summary>The soft mask (CV_32FC1, 1 = person) at the frame's size; valid until the next call.</summary>
    public Mat MaskFor(Mat frameBgr)
    {
        var probability = _segmenter.Segment(frameBgr);
        return _soft.Refine(probability, _segmenter.InputWidth, _segmenter.InputHeight, frameBgr);
    }

    public void Reset() => _soft.Reset();

    public void Dispose()
    {
        _segmenter.Dispose();
        _soft.Dispose();
    }
}
