using OpenCvSharp;

namespace LiveStyle.Core.Networks.PersonMask;

/// <summary>
/// Turns the model's coarse person probability into the mask the composition uses, at the
/// frame's size: an exponential moving average over frames at the model's size (so a still
/// person's edge does not shimmer with camera noise), bilinear upsampling, a ramp that saturates the
/// interior, then the guided filter (<see cref="LuminanceGuidedFilter"/>) guided by the frame's
/// luminance, so the edge follows hair and shoulders (its radius and regularisation set how soft —
/// feathered — the edge is), then a second ramp that keeps the interior and the room flat, clamped
/// to [0,1]. All of that at half the frame's size, then bilinearly up to it.
/// Buffers are reused per frame size. Not thread-safe.
/// </summary>
public sealed class SoftPersonMask : IDisposable
{
    /// <summary>Weight of the newest frame in the moving average (1: no smoothing over time, for still images).</summary>
    public float NewFrameWeight { get; }
    /// <summary>Guided filter regularisation in luminance² ([0,1] scale): larger gives a softer edge that follows the frame less.</summary>
    public double Epsilon { get; }

    private readonly Mat _average = new();
    private readonly Mat _upsampled = new();
    private readonly Mat _halfBgr = new();
    private readonly Mat _halfGray = new();
    private readonly Mat _guide = new();
    private readonly Mat _filtered = new();
    private readonly LuminanceGuidedFilter _filter = new();
    private bool _hasHistory;
    private float[] _probability = [];
    private Mat? _current;

    public SoftPersonMask(float newFrameWeight = 0.5f, double epsilon = 4e-3)
    {
        if (!(newFrameWeight > 0 && newFrameWeight <= 1)) throw new ArgumentOutOfRangeException(nameof(newFrameWeight), newFrameWeight, "must lie in (0, 1]");
        NewFrameWeight = newFrameWeight;
        Epsilon = epsilon;
    }

    /// <summary>The guided filter's radius for a frame: about 1/90 of its shorter side (4 px at 640×360; it runs at half that at half size).</summary>
    public static int RadiusFor(int width, int height) => Math.Max(2, Math.Min(width, height) / 90);

    /// <summary>Forgets the frames seen so far (a new clip, a cut).</summary>
    public void Reset() => _hasHistory = false;

    /// <summary>The mask (CV_32FC1, 1 = person) at the frame's size; valid until the next call.</summary>
    public Mat Refine(ReadOnlySpan<float> probability, int maskWidth, int maskHeight, Mat frameBgr)
    {
        if (probability.Length != maskWidth * maskHeight) throw new ArgumentException("the probability does not hold maskWidth × maskHeight values");
        if (_current is null || _current.Cols != maskWidth || _current.Rows != maskHeight)
        {
            _current?.Dispose();
            _probability = new float[maskWidth * maskHeight];
            _current = Mat.FromPixelData(maskHeight, maskWidth, MatType.CV_32FC1, _probability);
        }
        probability.CopyTo(_probability);
        var current = _current;
        if (!_hasHistory || _average.Cols != maskWidth || _average.Rows != maskHeight || NewFrameWeight >= 1)
        {
            current.CopyTo(_average);
            _hasHistory = true;
        }
        else
        {
            Cv2.AddWeighted(current, NewFrameWeight, _average, 1 - NewFrameWeight, 0, _average);
        }
        // The guided filter runs at half the frame's size (4× fewer pixels; the edge still lands within a frame pixel or two), then bilinearly up.
        var half = new Size(Math.Max(1, frameBgr.Cols / 2), Math.Max(1, frameBgr.Rows / 2));
        Cv2.Resize(_average, _upsampled, half, 0, 0, InterpolationFlags.Linear);
        // Saturate the model's hesitant interior (0.7–0.9 on textured clothes) before the filter, so it only shapes the edge.
        Ramp(_upsampled, 0.3, 0.7);
        Cv2.Resize(frameBgr, _halfBgr, half, 0, 0, InterpolationFlags.Area);
        Cv2.CvtColor(_halfBgr, _halfGray, ColorConversionCodes.BGR2GRAY);
        _halfGray.ConvertTo(_guide, MatType.CV_32FC1, 1 / 255.0);
        _filter.Apply(_guide, _upsampled, _upsampled, Math.Max(1, RadiusFor(frameBgr.Cols, frameBgr.Rows) / 2), Epsilon);
        // The guided filter copies some of the guide's texture into flat regions; a ramp keeps the interior and the room flat.
        Ramp(_upsampled, 0.1, 0.9);
        Cv2.Resize(_upsampled, _filtered, frameBgr.Size(), 0, 0, InterpolationFlags.Linear);
        return _filtered;
    }

    /// <summary>In place: (x − low) / (high − low), clamped to [0,1] (thresholds: OpenCvSharp's Max/Min with a number took 1.5 ms each at 640×360).</summary>
    private static void Ramp(Mat m, double low, double high)
    {
        m.ConvertTo(m, MatType.CV_32FC1, 1 / (high - low), -low / (high - low));
        Cv2.Threshold(m, m, 1, 1, ThresholdTypes.Trunc);
        Cv2.Threshold(m, m, 0, 0, ThresholdTypes.Tozero);
    }

    /// <summary>The mask as 8-bit (255 = person), for --mask-out.</summary>
    public static Mat ToBytes(Mat mask)
    {
        var bytes = new Mat();
        mask.ConvertTo(bytes, MatType.CV_8UC1, 255);
        return bytes;
    }

    public void Dispose()
    {
        _average.Dispose();
        _upsampled.Dispose();
        _halfBgr.Dispose();
        _halfGray.Dispose();
        _guide.Dispose();
        _filtered.Dispose();
        _filter.Dispose();
        _current?.Dispose();
    }
}
