using LiveStyle.Core.Threading;
using LiveStyle.Core.Frames;
using LiveStyle.Core.Networks;
using LiveStyle.Core.Sources;
using LiveStyle.Core.Styling;
using OpenCvSharp;

namespace LiveStyle.Core.Pipeline;

/// <summary>
/// The live pipeline without any UI: capture thread → latest-frame mailbox → inference thread →
/// latest-output mailbox. The window, the headless runner and the sinks read <see cref="Stylized"/>.
/// OpenCV runs single-threaded in a process with a live pipeline (see the constructor).
/// </summary>
public sealed class LivePipeline : IDisposable
{
    /// <summary>Output frames: one held by the display, one waiting, one being written, and spares for sinks.</summary>
    private const int OutputPoolSize = 6;
    /// <summary>Sinks share output frames (no copies) and each queues up to 8: the pool grows to what they hold; beyond this a frame is not given back.</summary>
    private const int MaxOutputPoolSize = 64;

    private readonly Action<string>? _log;

    /// <param name="network">The network to start with, or null until <see cref="StylizeLoop.SwitchTo"/> gives one (the camera shows unstylized meanwhile).</param>
    public LivePipeline(Func<IFrameSource> openSource, string sourceName, IStyleNetwork? network, StyleController styles, InferenceSize size, Action<string>? log = null)
    {
        _log = log;
        // The pipeline's stages run on their own threads; OpenCV's own pool (Farneback in the
        // stabilizer, JPEG encoding, resizing) busy-waits between its jobs and took CPU from the
        // stylizer's threads. Measured on 2 cores, fast network at 640×360, alternating runs: 29.1
        // and 29.7 frames/s with OpenCV on the calling threads, 23.4 and 26.4 with its pool.
        Cv2.SetNumThreads(1);
        Styles = styles;
        Captured = new LatestMailbox<Frame>(() => new Frame());
        Stylized = new LatestMailbox<StylizedFrame>(() => new StylizedFrame(), OutputPoolSize, MaxOutputPoolSize);
        Capture = new CaptureLoop(Captured, openSource, log, sourceName);
        Inference = new StylizeLoop(Captured, Stylized, network, styles, size, log);
    }

    public StyleController Styles { get; }
    public LatestMailbox<Frame> Captured { get; }
    public LatestMailbox<StylizedFrame> Stylized { get; }
    public CaptureLoop Capture { get; }
    public StylizeLoop Inference { get; }

    public void Start()
    {
        Capture.Start();
        Inference.Start();
    }

    /// <summary>
    /// Stops both threads (bounded waits). Frames a thread that would not stop may still write
    /// into are deliberately not freed: a leak at exit is harmless, native writes into freed
    /// memory are not.
    /// </summary>
    public void Dispose()
    {
        Capture.Dispose();
        Inference.Dispose();
        if (Inference.Stopped) Stylized.Dispose();
        if (Capture.Stopped && Inference.Stopped) Captured.Dispose();
        else _log?.Invoke("frame buffers of a thread that did not stop are left allocated");
    }
}
