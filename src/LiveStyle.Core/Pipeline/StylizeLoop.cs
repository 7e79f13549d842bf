using System.Diagnostics;
using LiveStyle.Core.Frames;
using LiveStyle.Core.Imaging;
using LiveStyle.Core.Inference;
using LiveStyle.Core.Styling;
using OpenCvSharp;

namespace LiveStyle.Core.Pipeline;

/// <summary>
/// The inference thread: takes the newest captured frame, scales it to the inference size,
/// stylizes it with the controller's current statistics and publishes the result. Buffers are
/// made once per inference size, so steady state allocates no managed memory. The stylizer comes
/// from a <see cref="HotSwap{T}"/>: until one is ready (models still building) frames pass through
/// unstylized, and a newer one (int8 after fp32) is switched to between frames. A frame that fails
/// is reported once per distinct message and skipped; the loop goes on.
/// </summary>
public sealed class StylizeLoop : IDisposable
{
    private static readonly TimeSpan WaitForFrame = TimeSpan.FromMilliseconds(100);

    private readonly LatestMailbox<Frame> _input;
    private readonly LatestMailbox<StylizedFrame> _output;
    private readonly HotSwap<Stylizer> _stylizers;
    private readonly StyleController _styles;
    private readonly Action<string>? _log;
    private readonly StyleStatistics _statistics = new(new float[StyleStatistics.Channels], new float[StyleStatistics.Channels]);
    private PlanarScaler? _scaler;
    private readonly Thread _thread;
    private volatile bool _stopping;
    private volatile bool _paused;
    private volatile object _size;
    private StylizerBuffers? _buffers;
    private string? _lastError;

    /// <summary>A loop with a fixed stylizer that the caller owns.</summary>
    public StylizeLoop(LatestMailbox<Frame> input, LatestMailbox<StylizedFrame> output, Stylizer stylizer, StyleController styles,
        InferenceSize size, Action<string>? log = null)
        : this(input, output, new HotSwap<Stylizer>(stylizer, stylizer.DeviceName, ownsInitial: false), styles, size, log)
    {
    }

    /// <summary>A loop whose stylizer can be replaced while it runs; the loop owns <paramref name="stylizers"/>.</summary>
    public StylizeLoop(LatestMailbox<Frame> input, LatestMailbox<StylizedFrame> output, HotSwap<Stylizer> stylizers, StyleController styles,
        InferenceSize size, Action<string>? log = null)
    {
        _input = input;
        _output = output;
        _stylizers = stylizers;
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

    /// <summary>While paused, frames are taken and given back unstylized; the last output stays on screen.</summary>
    public bool Paused
    {
        get => _paused;
        set => _paused = value;
    }

    /// <summary>What stylizes the frames now (e.g. "CPU (2 threads) int8"), "" while none is ready.</summary>
    public string StylizerDescription => _stylizers.Description;

    /// <summary>False when the thread was still busy after <see cref="StopTimeout"/> and was left behind.</summary>
    public bool Stopped => !_thread.IsAlive;
    public RateMeter Rate { get; } = new();
    /// <summary>The last frame's stages: scaling into the network's layout, the network, conversion and copy out.</summary>
    public double LastPreprocessMilliseconds { get; private set; }
    public double LastInferenceMilliseconds { get; private set; }
    public double LastPostprocessMilliseconds { get; private set; }
    public long FramesStylized => Interlocked.Read(ref _framesStylized);
    private long _framesStylized;
    public (int Width, int Height) CurrentSize => _buffers is null ? (0, 0) : (_buffers.Width, _buffers.Height);

    public void Start() => _thread.Start();

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
        var stylizer = _stylizers.Adopt(out var retired, out var switched);
        if (switched)
        {
            // The old session's buffers are bound to it: free them before the session itself.
            _buffers?.Dispose();
            _buffers = null;
            retired?.Dispose();
            _log?.Invoke($"stylizing with {_stylizers.Description}");
        }
        var alpha = stylizer is null ? null : _styles.Compute(Stopwatch.GetTimestamp(), _statistics);
        if (stylizer is null || alpha is null)
        {
            PassThrough(frame);
            return;
        }

        var (width, height) = Size.For(frame.Width, frame.Height);
        if (_buffers is null || _buffers.Width != width || _buffers.Height != height)
        {
            _buffers?.Dispose();
            _buffers = null;
            _buffers = stylizer.CreateBuffers(width, height);
            _log?.Invoke($"stylizing at {width}x{height}");
        }

        var started = Stopwatch.GetTimestamp();
        if (_scaler is null || _scaler.SourceWidth != frame.Width || _scaler.SourceHeight != frame.Height
            || _scaler.TargetWidth != width || _scaler.TargetHeight != height)
            _scaler = new PlanarScaler(frame.Width, frame.Height, width, height);
        _scaler.Scale(frame.Bgr, _buffers.Content);
        var scaled = Stopwatch.GetTimestamp();
        stylizer.Run(_buffers, _statistics, alpha.Value);
        var inferred = Stopwatch.GetTimestamp();

        var output = _output.Rent();
        try
        {
            if (output.Stylized.Width != width || output.Stylized.Height != height || output.Stylized.Type() != MatType.CV_8UC3)
                output.Stylized.Create(height, width, MatType.CV_8UC3);
            ImageConversion.ToBgr(_buffers.Output, output.Stylized);
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
        if (!Stopped) return;   // a thread still inside a frame keeps its session and buffers
        _buffers?.Dispose();
        _stylizers.Dispose();
    }
}
