using System.Diagnostics;
using LiveStyle.Core.Frames;
using LiveStyle.Core.Imaging;
using LiveStyle.Core.Networks;
using LiveStyle.Core.Styling;
using LiveStyle.Core.Temporal;
using LiveStyle.Core.Threading;
using OpenCvSharp;

namespace LiveStyle.Core.Pipeline;

/// <summary>
/// The inference thread: takes the newest captured frame, scales it to the inference size,
/// stylizes it with the controller's current style signals on the current network and publishes
/// the result. Buffers are made once per inference size and network, so steady state allocates no
/// managed memory. <see cref="SwitchTo"/> changes the network between two frames; until the first
/// network arrives (models still building) frames pass through unstylized. A frame that fails is
/// reported once per distinct message and skipped; the loop goes on.
/// </summary>
public sealed class StylizeLoop : IDisposable
{
    private static readonly TimeSpan WaitForFrame = TimeSpan.FromMilliseconds(100);

    private readonly LatestMailbox<Frame> _input;
    private readonly LatestMailbox<StylizedFrame> _output;
    private readonly StyleController _styles;
    private readonly Action<string>? _log;
    private volatile IStyleNetwork? _network;
    private readonly HandoffQueue<NetworkSwitch> _pendingSwitch = new(1, WhenFull.ReplaceOldest);
    private StyleSignals? _signals;
    private PlanarScaler? _scaler;
    private readonly Thread _thread;
    private volatile bool _stopping;
    private volatile bool _paused;
    private volatile object _size;
    private volatile TemporalMode _temporal = TemporalMode.On;
    private IFrameStylizer? _buffers;
    private string? _lastError;
    private readonly TemporalStabilizer _stabilizer = new();
    /// <summary>Shares this thread's own per-pixel work (scaling, stabilizing) with a helper, so the other core is not idle meanwhile.</summary>
    private readonly WorkerTeam _team = new(WorkerTeam.DefaultHelpers, "inference helper");
    private readonly StyleSignature _styleSignature = new();
    private bool _stabilizedLast;
    private long _framesStylized;
    private volatile object _upscale = UpscaleMode.JointBilateral;
    private IGuidedUpsampler? _upsampler;
    private UpscaleMode _upsamplerMode;
    /// <summary>The frame at the output size, when it comes at another size and the output is brought up from a smaller stylization.</summary>
    private readonly Mat _guide = new();

    /// <param name="network">The network to start with, or null until <see cref="SwitchTo"/> gives one (frames pass through meanwhile).</param>
    public StylizeLoop(LatestMailbox<Frame> input, LatestMailbox<StylizedFrame> output, IStyleNetwork? network, StyleController styles,
        InferenceSize size, Action<string>? log = null)
    {
        _input = input;
        _output = output;
        _network = network;
        _signals = network is null ? null : StyleSignals.Zero(network.SignalLength);
        _styles = styles;
        _size = size;
        _log = log;
        _thread = new Thread(Run) { Name = "inference", IsBackground = true };
    }

    /// <summary>How long <see cref="Stop"/> waits for a frame in progress before leaving the thread behind.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Set from the UI thread, read per frame: a boxed immutable value, so a reader never sees half of it.</summary>
    public InferenceSize Size
    {
        get => (InferenceSize)_size;
        set => _size = value;
    }

    /// <summary>The network the last frame ran on, null before the first (the loop does not own it: its creator disposes it).</summary>
    public IStyleNetwork? Network => _network;

    /// <summary>While paused, frames are taken and given back unstylized; the last output stays on screen.</summary>
    public bool Paused
    {
        get => _paused;
        set => _paused = value;
    }

    /// <summary>On: outputs are stabilized over time (no shimmer); off: each frame as the network made it.</summary>
    public TemporalMode Temporal
    {
        get => _temporal;
        set => _temporal = value;
    }

    /// <summary>How sizes above <see cref="Upscaling.LargestStylizedSide"/> are reached (set from the UI thread, read per frame).</summary>
    public UpscaleMode Upscale
    {
        get => (UpscaleMode)_upscale;
        set => _upscale = value;
    }

    /// <summary>False when the thread was still busy after <see cref="StopTimeout"/> and was left behind.</summary>
    public bool Stopped => !_thread.IsAlive;
    public RateMeter Rate { get; } = new();
    /// <summary>The last frame's stages: scaling into the network's layout, the network, stabilization, conversion and copy out.</summary>
    public double LastPreprocessMilliseconds { get; private set; }
    public double LastInferenceMilliseconds { get; private set; }
    public double LastPostprocessMilliseconds { get; private set; }
    public long FramesStylized => Interlocked.Read(ref _framesStylized);
    public (int Width, int Height) CurrentSize => _buffers is { } buffers ? (buffers.Width, buffers.Height) : (0, 0);
    /// <summary>The size frames leave at: <see cref="CurrentSize"/>, or larger when brought up (<see cref="Upscale"/>).</summary>
    public (int Width, int Height) OutputSize { get; private set; }

    public void Start() => _thread.Start();

    /// <summary>Runs the next frame on <paramref name="network"/> at <paramref name="size"/>; the current network stays usable until then.</summary>
    public void SwitchTo(IStyleNetwork network, InferenceSize size) => _pendingSwitch.Put(new NetworkSwitch(network, size));

    /// <summary>True while a <see cref="SwitchTo"/> has not reached a frame yet.</summary>
    public bool Switching => _pendingSwitch.Count > 0;

    /// <summary>The regions composed after stylizing (null: the whole frame is stylized). Owned by the caller, who frees it only once the loop has stopped.</summary>
    public Networks.PersonMask.LiveRegions? Regions
    {
        get => _regions;
        set => _regions = value;
    }

    private volatile Networks.PersonMask.LiveRegions? _regions;

    /// <summary>Stops the thread, waiting at most <see cref="StopTimeout"/> for the frame in progress.</summary>
    public void Stop()
    {
        _stopping = true;
        _input.Close();
        if (_thread.IsAlive && _thread != Thread.CurrentThread && !_thread.Join(StopTimeout))
            _log?.Invoke($"inference did not stop within {StopTimeout.TotalSeconds:0.#} s: leaving its thread, session and buffers behind");
    }

    private void Run()
    {
        while (!_stopping)
        {
            var frame = _input.Take(WaitForFrame);
            if (frame is null) continue;
            try
            {
                if (!Paused) Process(frame);
            }
            catch (Exception e)
            {
                // Anything a frame can throw (a bad frame, a failing session) skips that frame only:
                // the live view goes on, and each distinct failure is reported once.
                if (e.Message != _lastError) _log?.Invoke($"frame {frame.Sequence} not stylized: {e.GetType().Name}: {e.Message}");
                _lastError = e.Message;
            }
            finally
            {
                _input.Return(frame);
            }
        }
    }

    /// <summary>Stylizes one frame and publishes it; public so tests and benchmarks can drive it synchronously.</summary>
    public void Process(Frame frame)
    {
        if (_pendingSwitch.TryTake() is { } change) ApplySwitch(change);
        var network = _network;
        var signals = _signals;
        var alpha = network is null || signals is null ? null : _styles.Compute(Stopwatch.GetTimestamp(), signals);
        if (network is null || signals is null || alpha is null)
        {
            PassThrough(frame);
            return;
        }

        var (outputWidth, outputHeight) = Size.For(frame.Width, frame.Height);
        var upscale = Upscale;
        var (width, height) = Upscaling.StylizedSize(outputWidth, outputHeight, upscale);
        if (_buffers is null || _buffers.Width != width || _buffers.Height != height)
        {
            _buffers?.Dispose();
            _buffers = null;
            _buffers = network.CreateFrameStylizer(width, height);
            _log?.Invoke($"stylizing at {width}x{height} with {StyleNetworks.Summary(network)}");
        }
        var upscaled = (width, height) != (outputWidth, outputHeight);
        OutputSize = (outputWidth, outputHeight);
        if (upscaled && (_upsampler is null || _upsampler.HighWidth != outputWidth || _upsampler.HighHeight != outputHeight || _upsamplerMode != upscale))
        {
            _upsampler = Upscaling.Create(upscale, width, height, outputWidth, outputHeight, _team.Size);
            _upsamplerMode = upscale;
            _log?.Invoke($"brought up to {outputWidth}x{outputHeight} by --upscale {Upscaling.Name(upscale)}");
        }

        var started = Stopwatch.GetTimestamp();
        if (_scaler is null || _scaler.SourceWidth != frame.Width || _scaler.SourceHeight != frame.Height
            || _scaler.TargetWidth != width || _scaler.TargetHeight != height)
            _scaler = new PlanarScaler(frame.Width, frame.Height, width, height);
        _scaler.Scale(frame.Bgr, _buffers.Content, _team);
        var scaled = Stopwatch.GetTimestamp();
        _buffers.Run(signals, alpha.Value);
        var inferred = Stopwatch.GetTimestamp();
        Stabilize(signals, alpha.Value);

        var output = _output.Rent();
        try
        {
            if (output.Stylized.Width != outputWidth || output.Stylized.Height != outputHeight || output.Stylized.Type() != MatType.CV_8UC3)
                output.Stylized.Create(outputHeight, outputWidth, MatType.CV_8UC3);
            if (upscaled)
            {
                var guide = GuideAt(frame, outputWidth, outputHeight);
                _upsampler!.Upsample(_buffers.Output, _buffers.Content, guide, output.Stylized, _team);
                Regions?.Apply(guide, output.Stylized);
            }
            else
            {
                ImageConversion.ToBgr(_buffers.Output, output.Stylized);
                Regions?.Apply(_buffers.Content, output.Stylized);
            }
            MatCopy.CopyBgr(frame.Bgr, output.Original);
        }
        catch
        {
            _output.Return(output);
            throw;
        }
        output.Passthrough = false;
        output.Sequence = frame.Sequence;
        output.CapturedAt = frame.CapturedAt;
        output.StylizedAt = Stopwatch.GetTimestamp();
        output.InferenceMilliseconds = Stopwatch.GetElapsedTime(scaled, inferred).TotalMilliseconds;
        LastPreprocessMilliseconds = Stopwatch.GetElapsedTime(started, scaled).TotalMilliseconds;
        LastInferenceMilliseconds = output.InferenceMilliseconds;
        LastPostprocessMilliseconds = Stopwatch.GetElapsedTime(inferred, output.StylizedAt).TotalMilliseconds;
        Interlocked.Increment(ref _framesStylized);
        Rate.Tick();
        _output.Publish(output);
    }

    private void ApplySwitch(NetworkSwitch change)
    {
        // The buffers are bound to the old network's sessions: free them first (the sessions
        // themselves belong to whoever opened the network).
        _buffers?.Dispose();
        _buffers = null;
        _network = change.Network;
        Size = change.Size;
        if (_signals is null || _signals.Length != change.Network.SignalLength) _signals = StyleSignals.Zero(change.Network.SignalLength);
    }

    /// <summary>The frame at the output size: itself when it already is (the usual case: --size the camera's size).</summary>
    private Mat GuideAt(Frame frame, int width, int height)
    {
        if (frame.Width == width && frame.Height == height) return frame.Bgr;
        Cv2.Resize(frame.Bgr, _guide, new Size(width, height), interpolation: InterpolationFlags.Area);
        return _guide;
    }

    /// <summary>Blends the new output with the last one where the scene stood still; starts afresh after a style change or a pause in stabilizing.</summary>
    private void Stabilize(StyleSignals signals, float alpha)
    {
        var styleChanged = _styleSignature.Changed(signals, alpha);
        if (Temporal != TemporalMode.On)
        {
            _stabilizedLast = false;
            return;
        }
        if (styleChanged || !_stabilizedLast) _stabilizer.Reset();
        _stabilizer.Apply(_buffers!.Content, _buffers.Output, _team);
        _stabilizedLast = true;
    }

    /// <summary>Publishes the camera frame as it is, marked unstylized, so the view never stays empty while models build.</summary>
    private void PassThrough(Frame frame)
    {
        var output = _output.Rent();
        try
        {
            MatCopy.CopyBgr(frame.Bgr, output.Stylized);
            MatCopy.CopyBgr(frame.Bgr, output.Original);
        }
        catch
        {
            _output.Return(output);
            throw;
        }
        output.Passthrough = true;
        output.Sequence = frame.Sequence;
        output.CapturedAt = frame.CapturedAt;
        output.StylizedAt = Stopwatch.GetTimestamp();
        output.InferenceMilliseconds = 0;
        _output.Publish(output);
    }

    public void Dispose()
    {
        Stop();
        if (!Stopped) return;   // a thread still inside a frame keeps its buffers and stabilizer
        _stabilizer.Dispose();
        _buffers?.Dispose();
        _guide.Dispose();
        _team.Dispose();
    }

    private sealed record NetworkSwitch(IStyleNetwork Network, InferenceSize Size);
}
