using System.Diagnostics;
using LiveStyle.Core.Frames;
using LiveStyle.Core.Imaging;
using LiveStyle.Core.Networks;
using LiveStyle.Core.Styling;
using LiveStyle.Core.Temporal;
using OpenCvSharp;

namespace LiveStyle.Core.Pipeline;

/// <summary>
/// The inference thread: takes the newest captured frame, scales it to the inference size,
/// stylizes it with the controller's current style signals on the current network and publishes
/// the result. Buffers are made once per inference size and network, so steady state allocates no
/// managed memory. <see cref="SwitchTo"/> changes the network between two frames.
/// </summary>
public sealed class StylizeLoop : IDisposable
{
    private static readonly TimeSpan WaitForFrame = TimeSpan.FromMilliseconds(100);

    private readonly LatestMailbox<Frame> _input;
    private readonly LatestMailbox<StylizedFrame> _output;
    private readonly StyleController _styles;
    private readonly Action<string>? _log;
    private volatile IStyleNetwork _network;
    private volatile NetworkSwitch? _pendingSwitch;
    private StyleSignals _signals;
    private PlanarScaler? _scaler;
    private readonly Thread _thread;
    private volatile bool _stopping;
    private IFrameStylizer? _buffers;
    private string? _lastError;
    private readonly TemporalStabilizer _stabilizer = new();
    private readonly StyleSignature _styleSignature = new();
    private bool _stabilizedLast;

    public StylizeLoop(LatestMailbox<Frame> input, LatestMailbox<StylizedFrame> output, IStyleNetwork network, StyleController styles,
        InferenceSize size, Action<string>? log = null)
    {
        _input = input;
        _output = output;
        _network = network;
        _signals = StyleSignals.Zero(network.SignalLength);
        _styles = styles;
        Size = size;
        _log = log;
        _thread = new Thread(Run) { Name = "inference", IsBackground = true };
    }

    public InferenceSize Size { get; set; }
    /// <summary>The network the last frame ran on (the loop does not own it: its creator disposes it).</summary>
    public IStyleNetwork Network => _network;
    /// <summary>While paused, frames are taken and given back unstylized; the last output stays on screen.</summary>
    public bool Paused { get; set; }
    /// <summary>On: outputs are stabilized over time (no shimmer); off: each frame as the network made it.</summary>
    public TemporalMode Temporal { get; set; } = TemporalMode.On;
    public RateMeter Rate { get; } = new();
    /// <summary>The last frame's stages: scaling into the network's layout, the network, stabilization, conversion and copy out.</summary>
    public double LastPreprocessMilliseconds { get; private set; }
    public double LastInferenceMilliseconds { get; private set; }
    public double LastPostprocessMilliseconds { get; private set; }
    public long FramesStylized { get; private set; }
    public (int Width, int Height) CurrentSize => _buffers is null ? (0, 0) : (_buffers.Width, _buffers.Height);

    public void Start() => _thread.Start();

    /// <summary>Runs the next frame on <paramref name="network"/> at <paramref name="size"/>; the current network stays usable until then.</summary>
    public void SwitchTo(IStyleNetwork network, InferenceSize size) => _pendingSwitch = new NetworkSwitch(network, size);

    /// <summary>True while a <see cref="SwitchTo"/> has not reached a frame yet.</summary>
    public bool Switching => _pendingSwitch is not null;

    public void Stop()
    {
        _stopping = true;
        _input.Close();
        if (_thread.IsAlive) _thread.Join();
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
            catch (Exception e) when (e is LiveStyleException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException or OpenCVException)
            {
                // Keep the live view alive; report each distinct failure once.
                if (e.Message != _lastError) _log?.Invoke($"frame {frame.Sequence} not stylized: {e.Message}");
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
        if (Interlocked.Exchange(ref _pendingSwitch, null) is { } change) ApplySwitch(change);
        var alpha = _styles.Compute(Stopwatch.GetTimestamp(), _signals);
        if (alpha is null) return;

        var (width, height) = Size.For(frame.Width, frame.Height);
        if (_buffers is null || _buffers.Width != width || _buffers.Height != height)
        {
            _buffers?.Dispose();
            _buffers = null;
            _buffers = _network.CreateFrameStylizer(width, height);
            _log?.Invoke($"stylizing at {width}x{height} with {StyleNetworks.Summary(_network)}");
        }

        var started = Stopwatch.GetTimestamp();
        if (_scaler is null || _scaler.SourceWidth != frame.Width || _scaler.SourceHeight != frame.Height
            || _scaler.TargetWidth != width || _scaler.TargetHeight != height)
            _scaler = new PlanarScaler(frame.Width, frame.Height, width, height);
        _scaler.Scale(frame.Bgr, _buffers.Content);
        var scaled = Stopwatch.GetTimestamp();
        _buffers.Run(_signals, alpha.Value);
        var inferred = Stopwatch.GetTimestamp();
        Stabilize(alpha.Value);

        var output = _output.Rent();
        if (output.Stylized.Width != width || output.Stylized.Height != height || output.Stylized.Type() != MatType.CV_8UC3)
            output.Stylized.Create(height, width, MatType.CV_8UC3);
        ImageConversion.ToBgr(_buffers.Output, output.Stylized);
        MatCopy.CopyBgr(frame.Bgr, output.Original);
        output.Sequence = frame.Sequence;
        output.CapturedAt = frame.CapturedAt;
        output.StylizedAt = Stopwatch.GetTimestamp();
        output.InferenceMilliseconds = Stopwatch.GetElapsedTime(scaled, inferred).TotalMilliseconds;
        LastPreprocessMilliseconds = Stopwatch.GetElapsedTime(started, scaled).TotalMilliseconds;
        LastInferenceMilliseconds = output.InferenceMilliseconds;
        LastPostprocessMilliseconds = Stopwatch.GetElapsedTime(inferred, output.StylizedAt).TotalMilliseconds;
        FramesStylized++;
        Rate.Tick();
        _output.Publish(output);
    }

    private void ApplySwitch(NetworkSwitch change)
    {
        _buffers?.Dispose();
        _buffers = null;
        _network = change.Network;
        Size = change.Size;
        if (_signals.Length != _network.SignalLength) _signals = StyleSignals.Zero(_network.SignalLength);
    }

    /// <summary>Blends the new output with the last one where the scene stood still; starts afresh after a style change or a pause in stabilizing.</summary>
    private void Stabilize(float alpha)
    {
        var styleChanged = _styleSignature.Changed(_signals, alpha);
        if (Temporal != TemporalMode.On)
        {
            _stabilizedLast = false;
            return;
        }
        if (styleChanged || !_stabilizedLast) _stabilizer.Reset();
        _stabilizer.Apply(_buffers!.Content, _buffers.Output);
        _stabilizedLast = true;
    }

    public void Dispose()
    {
        Stop();
        _stabilizer.Dispose();
        _buffers?.Dispose();
    }

    private sealed record NetworkSwitch(IStyleNetwork Network, InferenceSize Size);
}
