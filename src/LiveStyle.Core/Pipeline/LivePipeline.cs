using LiveStyle.Core.Frames;
using LiveStyle.Core.Networks;
using LiveStyle.Core.Sources;
using LiveStyle.Core.Styling;

namespace LiveStyle.Core.Pipeline;

/// <summary>
/// The live pipeline without any UI: capture thread → latest-frame mailbox → inference thread →
/// latest-output mailbox. The window, the headless runner and the sinks read <see cref="Stylized"/>.
/// </summary>
public sealed class LivePipeline : IDisposable
{
    /// <summary>Output frames: one held by the display, one waiting, one being written, and spares for sinks.</summary>
    private const int OutputPoolSize = 6;

    public LivePipeline(Func<IFrameSource> openSource, string sourceName, IStyleNetwork network, StyleController styles, InferenceSize size, Action<string>? log = null)
    {
        Styles = styles;
        Captured = new LatestMailbox<Frame>(() => new Frame());
        Stylized = new LatestMailbox<StylizedFrame>(() => new StylizedFrame(), OutputPoolSize);
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

    public void Dispose()
    {
        Capture.Dispose();
        Inference.Dispose();
        Stylized.Dispose();
        Captured.Dispose();
    }
}
