using LiveStyle.Core.Imaging;
using LiveStyle.Core.Models;
using OpenCvSharp;

namespace LiveStyle.Core.Networks.PersonMask;

/// <summary>
/// The live view's regions: which are stylized (switchable from any thread) and the person mask
/// that composes them on the inference thread, at the inference size, before the frame goes to the
/// window and the outputs (so recording, virtual camera and stream carry the composed picture).
/// Without a mask (the SINet weights missing or bad) the mode stays <see cref="StylizedRegions.All"/>.
/// </summary>
public sealed class LiveRegions : IDisposable
{
    /// <summary>
    /// The live view runs the model and the soft mask on every third frame and blends every frame with
    /// the latest mask: about 2 ms a frame instead of 7 at 640×360 (Bench --person-mask), and the mask
    /// still follows a person moving 8 px a frame (MaskMotionTests).
    /// </summary>
    public const int ModelInterval = 3;
    /// <summary>The moving average's weight of the newest model run in the live view (0.75 followed motion best with the model on every 2nd or 3rd frame: MaskMotionTests' table).</summary>
    public const float NewFrameWeight = 0.75f;

    private readonly PersonMasker? _masker;
    private volatile int _mode;
    private readonly Mat _frame = new();
    /// <summary>Whether the last frame was not composed (regions all): the next one starts the mask afresh.</summary>
    private bool _idle = true;

    public LiveRegions(PersonMasker? masker, StylizedRegions mode, string? unavailableReason = null)
    {
        _masker = masker;
        UnavailableReason = masker is null ? unavailableReason ?? "no person mask" : null;
        Mode = mode;
    }

    /// <summary>
    /// Opens the person mask from the store's SINet weights. Any failure (missing, corrupt, NaN
    /// weights; a model that does not load) is one log line, and the live view goes on with regions all.
    /// </summary>
    public static LiveRegions Open(ModelStore store, StylizedRegions mode, Action<string> log)
    {
        try
        {
            return new LiveRegions(PersonMasker.Open(store, NewFrameWeight, log, threads: 1, modelInterval: ModelInterval), mode);
        }
        catch (Exception e) when (e is LiveStyleException or IOException or UnauthorizedAccessException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            var reason = $"person mask unavailable, regions all: {e.Message}";
            if (mode != StylizedRegions.All) log(reason);
            return new LiveRegions(null, StylizedRegions.All, reason);
        }
    }

    /// <summary>Why there is no mask (null when there is one).</summary>
    public string? UnavailableReason { get; }

    public StylizedRegions Mode
    {
        get => (StylizedRegions)_mode;
        set => _mode = (int)(_masker is null ? StylizedRegions.All : value);
    }

    /// <summary>all → background → person → all; returns the new mode (stays all without a mask).</summary>
    public StylizedRegions Cycle()
    {
        Mode = Mode switch
        {
            StylizedRegions.All => StylizedRegions.Background,
            StylizedRegions.Background => StylizedRegions.Person,
            _ => StylizedRegions.All,
        };
        return Mode;
    }

    /// <summary>On the inference thread: composes <paramref name="stylized"/> (8-bit BGR, the inference size) with the frame it came from.</summary>
    public void Apply(PlanarImage content, Mat stylized)
    {
        if (_masker is null || Mode == StylizedRegions.All)
        {
            _idle = true;
            return;
        }
        _frame.Create(content.Height, content.Width, MatType.CV_8UC3);
        ImageConversion.ToBgr(content, _frame);
        Apply(_frame, stylized);
    }

    /// <summary>As above with the camera frame already 8-bit BGR at <paramref name="stylized"/>'s size (an upscaled output).</summary>
    public void Apply(Mat frame, Mat stylized)
    {
        var mode = Mode;
        if (_masker is null || mode == StylizedRegions.All)
        {
            _idle = true;
            return;
        }
        if (_idle) _masker.Reset();
        _idle = false;
        var mask = _masker.MaskFor(frame);
        var (person, room) = RegionComposer.Sources(mode, frame, stylized);
        RegionComposer.Blend(mask, person, room, stylized);
    }

    public void Dispose()
    {
        _masker?.Dispose();
        _frame.Dispose();
    }
}
