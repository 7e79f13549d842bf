using System.Diagnostics;
using LiveStyle.Core.Frames;
using LiveStyle.Core.Threading;
using OpenCvSharp;

namespace LiveStyle.Core.Sinks.VirtualCamera;

/// <summary>
/// The virtual camera as a sink: stylized frames arrive at the inference rate (a few per second on
/// a CPU) and are fitted to the output's fixed size; a writer thread of its own sends the newest one
/// to the device at a constant rate (30 fps), repeating it between inferences, the way meeting apps
/// expect a webcam to behave. Before the first frame it sends a "starting" picture, while
/// <see cref="Paused"/> a still "paused" one. Each frame is converted once, not per repeat.
/// </summary>
public sealed class VirtualCameraSink : IFrameSink, IReportsStatistics
{
    private readonly IVirtualCameraOutput _output;
    private readonly Action<string>? _log;
    private readonly FrameFitter _fitter;
    private readonly FrameClock _clock;
    private readonly ManualResetEvent _stop = new(false);
    private readonly Thread _thread;
    private readonly byte[] _converted;
    private readonly Mat _placeholder;
    /// <summary>Fitted pictures from the sink's thread to the clock thread: the clock always sends the newest.</summary>
    private readonly LatestMailbox<Mat> _fitted;
    private Mat? _front;
    private Showing _showing = Showing.Nothing;
    private volatile string? _error;
    private bool _completed;

    private enum Showing { Nothing, Starting, Live, Paused }

    public VirtualCameraSink(IVirtualCameraOutput output, VirtualCameraSettings settings, Action<string>? log = null)
    {
        _output = output;
        _log = log;
        var size = output.Size;
        _fitter = new FrameFitter(size, settings.Fit, settings.Mirror);
        _clock = new FrameClock(settings.FramesPerSecond);
        FramesPerSecond = settings.FramesPerSecond;
        _fitted = new LatestMailbox<Mat>(() => new Mat(size, MatType.CV_8UC3, Scalar.Black));
        _placeholder = new Mat(size, MatType.CV_8UC3, Scalar.Black);
        _converted = new byte[output.Format.FrameBytes(size.Width, size.Height)];
        _log?.Invoke($"virtual camera: sending {size.Width}×{size.Height} {output.Format} at {settings.FramesPerSecond:0.##} fps ({settings.Fit.ToString().ToLowerInvariant()}{(settings.Mirror ? ", mirrored" : "")})");
        _thread = new Thread(Run) { Name = $"virtual camera clock: {output.Name}", IsBackground = true };
        _thread.Start();
    }

    public string Name => _output.Name;
    public Size Size => _output.Size;
    public double FramesPerSecond { get; }

    /// <summary>While set, the device gets a still "paused" picture made from the last frame.</summary>
    public bool Paused { get => _paused; set => _paused = value; }
    private volatile bool _paused;

    /// <summary>Frames sent to the device (each tick of the clock), of them repeats of an already sent picture.</summary>
    public long FramesSent { get; private set; }
    public long Repeats { get; private set; }
    /// <summary>Stylized frames that came in (at the inference rate).</summary>
    public long FramesReceived { get; private set; }

    public string Statistics => $"{FramesSent} sent at {FramesPerSecond:0.##} fps ({Repeats} repeats, {_clock.Skipped} late ticks skipped)";

    /// <summary>Fits the frame to the output and makes it the newest; the clock thread sends it.</summary>
    public void Write(StylizedFrame frame)
    {
        if (_error is { } error) throw new LiveStyleException(error);
        var source = frame.Stylized;
        if (source.Empty() || source.Type() != MatType.CV_8UC3)
            throw new ArgumentException($"expected an 8-bit BGR frame, got {source.Type()} {source.Width}×{source.Height}");
        var fitted = _fitted.Rent();
        try
        {
            _fitter.Fit(source).CopyTo(fitted);
        }
        catch
        {
            _fitted.Return(fitted);
            throw;
        }
        _fitted.Publish(fitted);
        FramesReceived++;
    }

    /// <summary>Stops the clock and tells the readers the stream ends.</summary>
    public void Complete()
    {
        if (_completed) return;
        _completed = true;
        if (!StopClock()) throw new LiveStyleException($"the virtual camera's writer did not stop within {ClockStopTimeout.TotalSeconds:0} s");
        _output.Stop();
        if (_error is { } error) throw new LiveStyleException(error);
    }

    /// <summary>Frees the device and pictures, unless the clock thread is still inside a send: then they are left to it.</summary>
    public void Dispose()
    {
        if (!StopClock())
        {
            _log?.Invoke($"{_output.Name}: the writer did not stop within {ClockStopTimeout.TotalSeconds:0} s: leaving it behind");
            return;
        }
        _output.Dispose();
        _fitter.Dispose();
        if (_front is not null) _fitted.Return(_front);
        _fitted.Dispose();
        _placeholder.Dispose();
        _stop.Dispose();
    }

    /// <summary>How long stopping waits for a send in progress (a device write blocks at most this long in practice).</summary>
    private static readonly TimeSpan ClockStopTimeout = TimeSpan.FromSeconds(5);

    private bool StopClock()
    {
        _stop.Set();
        return _thread.Join(ClockStopTimeout);
    }

    private void Run()
    {
        try
        {
            while (_clock.WaitNext(_stop) is { } due)
                Send(due);
        }
        catch (Exception e)
        {
            // Reported through the sink's next Write (the runner then stops it with this message).
            _error = e is LiveStyleException ? e.Message : $"the virtual camera's writer failed: {e.GetType().Name}: {e.Message}";
            _log?.Invoke($"{_output.Name}: {_error}");
        }
    }

    private void Send(long due)
    {
        var fresh = _fitted.TryTake();
        if (fresh is not null)
        {
            if (_front is not null) _fitted.Return(_front);
            _front = fresh;
        }

        var wanted = _front is null ? Showing.Starting : _paused ? Showing.Paused : Showing.Live;
        if (wanted != _showing || (wanted == Showing.Live && fresh is not null))
        {
            Prepare(wanted);
            _showing = wanted;
        }
        else
        {
            Repeats++;
        }
        _output.Write(_converted, Nanoseconds(due));
        FramesSent++;
    }

    private void Prepare(Showing showing)
    {
        Mat picture;
        switch (showing)
        {
            case Showing.Starting:
                PlaceholderPicture.DrawStarting(_placeholder);
                picture = _placeholder;
                break;
            case Showing.Paused:
                PlaceholderPicture.DrawPaused(_front!, _placeholder);
                picture = _placeholder;
                break;
            default:
                picture = _front!;
                break;
        }
        Convert(picture);
    }

    private unsafe void Convert(Mat bgr)
    {
        var size = _output.Size;
        var stride = (int)bgr.Step();
        var pixels = new ReadOnlySpan<byte>((void*)bgr.Data, (size.Height - 1) * stride + size.Width * 3);
        _output.Format.Convert(pixels, size.Width, size.Height, stride, _converted);
    }

    /// <summary>Stopwatch ticks → nanoseconds, the unit OBS stamps its frames with.</summary>
    private static ulong Nanoseconds(long ticks) =>
        ticks <= 0 ? 0 : (ulong)((UInt128)(ulong)ticks * 1_000_000_000 / (ulong)Stopwatch.Frequency);
}
