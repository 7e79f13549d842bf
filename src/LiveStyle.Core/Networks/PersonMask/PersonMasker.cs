using LiveStyle.Core.Models;
using OpenCvSharp;

namespace LiveStyle.Core.Networks.PersonMask;

/// <summary>
/// The person mask of frames at their own size: the model on a shrunk copy (<see cref="PersonSegmenter"/>),
/// then <see cref="SoftPersonMask"/>. For a video or the live view keep one per stream, so the
/// moving average sees consecutive frames; for still images pass newFrameWeight 1.
/// With <see cref="ModelInterval"/> N &gt; 1 the model and the soft mask run on every Nth frame only
/// and the frames between reuse the last mask (the live view: a third of the cost; MaskMotionTests
/// measures how well the mask still follows a moving person).
/// </summary>
public sealed class PersonMasker : IDisposable
{
    private readonly PersonSegmenter _segmenter;
    private readonly SoftPersonMask _soft;
    private Mat? _mask;
    private int _framesSinceModel;

    /// <param name="modelInterval">Run the model (and the soft mask) on every Nth frame; 1: every frame.</param>
    public PersonMasker(string modelPath, float newFrameWeight, int side = MaskInputSize.DefaultSide, int threads = 0, int modelInterval = 1)
    {
        if (modelInterval < 1) throw new ArgumentOutOfRangeException(nameof(modelInterval), modelInterval, "must be at least 1");
        ModelInterval = modelInterval;
        _segmenter = new PersonSegmenter(modelPath, side, threads);
        _soft = new SoftPersonMask(newFrameWeight);
    }

    /// <summary>Builds (or reuses) the model from the SINet weights in the store's weights folder; bad weights throw one line naming file and tensor.</summary>
    public static PersonMasker Open(ModelStore store, float newFrameWeight, Action<string>? log = null, int threads = 0, int modelInterval = 1) =>
        new(SinetModels.GetOrBuild(store, log), newFrameWeight, threads: threads, modelInterval: modelInterval);

    public int ModelInterval { get; }

    /// <summary>The soft mask (CV_32FC1, 1 = person) at the frame's size; valid until the next call.</summary>
    public Mat MaskFor(Mat frameBgr)
    {
        if (_mask is not null && _mask.Size() == frameBgr.Size() && ++_framesSinceModel < ModelInterval) return _mask;
        _framesSinceModel = 0;
        var probability = _segmenter.Segment(frameBgr);
        return _mask = _soft.Refine(probability, _segmenter.InputWidth, _segmenter.InputHeight, frameBgr);
    }

    /// <summary>Forgets the frames seen so far (a new clip, a cut): the next frame runs the model.</summary>
    public void Reset()
    {
        _soft.Reset();
        _mask = null;
    }

    public void Dispose()
    {
        _segmenter.Dispose();
        _soft.Dispose();
    }
}
