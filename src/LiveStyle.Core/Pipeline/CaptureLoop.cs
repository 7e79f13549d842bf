using LiveStyle.Core.Threading;
using System.Diagnostics;
using System.Globalization;
using LiveStyle.Core.Frames;
using LiveStyle.Core.Sources;

namespace LiveStyle.Core.Pipeline;

/// <summary>
/// The capture thread: reads frames from a source into frames rented from the mailbox and publishes
/// them, never waiting for the consumer. Sources that do not pace themselves (files, patterns) are
/// read on a schedule at their frame rate. A source that throws, or fails
/// <see cref="FailuresBeforeLost"/> reads in a row, is reported lost, disposed, and opened again
/// through the factory with a growing back-off (0.5 s, 1 s, 2 s … up to 5 s).
/// </summary>
public sealed class CaptureLoop : IDisposable
{
    private readonly LatestMailbox<Frame> _mailbox;
    private readonly Func<IFrameSource> _openSource;
    private readonly Action<string>? _log;
    private readonly CancellationTokenSource _stop = new();
    private readonly RateMeter _rate = new();
    private readonly object _gate = new();
    private Thread? _thread;
    private IFrameSource? _source;
    private long _sequence;
    private long _captured;

    // Guarded by _gate; Status builds its snapshot from these.
    private CaptureState _state = CaptureState.Stopped;
    private string _message = "not started";
    private string _sourceName;

    /// <param name="mailbox">Where frames go; the loop rents, fills and publishes its items.</param>
    /// <param name="openSource">Opens the source; called on the capture thread at start (unless a source is given to <see cref="Start"/>) and after each loss.</param>
    /// <param name="log">Receives one line per notable event (lost, reconnected, stopped).</param>
    /// <param name="sourceName">Name used in messages until a source has been opened.</param>
    public CaptureLoop(LatestMailbox<Frame> mailbox, Func<IFrameSource> openSource, Action<string>? log = null, string sourceName = "source")
    {
        _mailbox = mailbox;
        _openSource = openSource;
        _log = log;
        _sourceName = sourceName;
    }

    /// <summary>Failed reads in a row after which the source counts as lost.</summary>
    public int FailuresBeforeLost { get; init; } = 5;
    public TimeSpan FirstRetryDelay { get; init; } = TimeSpan.FromSeconds(0.5);
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(5);
    /// <summary>Pause after a failed read, so that "5 in a row" spans a moment rather than microseconds.</summary>
    public TimeSpan FailedReadPause { get; init; } = TimeSpan.FromMilliseconds(20);
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Raised on the capture thread when the state changes; handlers must be quick.</summary>
    public event Action<CaptureStatus>? StatusChanged;

    public long CapturedFrames => Interlocked.Read(ref _captured);

    public CaptureStatus Status
    {
        get
        {
            lock (_gate) return new CaptureStatus(_state, _message, CapturedFrames, _state == CaptureState.Running ? _rate.PerSecond : 0, _sourceName);
        }
    }

    /// <summary>Starts the capture thread, with <paramref name="openedSource"/> if the caller already opened one (it is then owned by the loop).</summary>
    public void Start(IFrameSource? openedSource = null)
    {
        if (_thread is not null) throw new InvalidOperationException("the capture loop is already started");
        _source = openedSource;
        if (openedSource is not null) SetState(CaptureState.Running, $"{openedSource.Name}: capturing", openedSource.Name);
        else SetState(CaptureState.Running, $"opening {_sourceName}");
        _thread = new Thread(Run) { IsBackground = true, Name = "capture" };
        _thread.Start();
    }

    /// <summary>False while the capture thread is alive (e.g. left behind in a read that would not return).</summary>
    public bool Stopped => _thread is not { IsAlive: true };

    /// <summary>Stops the thread and waits for it (a source stuck in Read is left behind after <see cref="StopTimeout"/>).</summary>
    public void Stop()
    {
        if (_thread is null) return;
        if (!_stop.IsCancellationRequested) _stop.Cancel();
        if (_thread == Thread.CurrentThread) return;
        if (!_thread.Join(StopTimeout))
            _log?.Invoke($"{Status.SourceName} did not stop within {StopTimeout.TotalSeconds:0.#} s: leaving the capture thread behind (its frame buffers are not freed)");
    }

    public void Dispose()
    {
        Stop();
        if (_thread is not { IsAlive: true }) _stop.Dispose();
    }

    private void Run()
    {
        var token = _stop.Token;
        var attempt = 0;
        while (!token.IsCancellationRequested)
        {
            try
            {
                var stopped = CaptureUntilStoppedOrLost(ref attempt, token);
                if (stopped) break;
            }
            catch (Exception e)
            {
                // Anything unexpected (a source's Dispose, a status listener) is reported and the
                // source reopened after the usual pause: the capture thread stays alive until stopped.
                _log?.Invoke($"capture failed: {e.GetType().Name}: {e.Message}");
                DisposeSource();
                attempt++;
                WaitBeforeRetry(attempt, $"{e.GetType().Name}: {e.Message}", token);
            }
        }
        DisposeSource();
        SetState(CaptureState.Stopped, "capture stopped");
    }

    /// <summary>Opens the source if needed and captures until stopped (true) or the source is lost (false, after the pause before the next try).</summary>
    private bool CaptureUntilStoppedOrLost(ref int attempt, CancellationToken token)
    {
        if (_source is null)
        {
            if (attempt > 0) SetState(CaptureState.Reconnecting, $"{_sourceName}: reconnecting (attempt {attempt})");
            try
            {
                _source = _openSource();
            }
            catch (Exception e)
            {
                if (token.IsCancellationRequested) return true;
                attempt++;
                WaitBeforeRetry(attempt, e.Message, token);
                return false;
            }
            if (attempt > 0) _log?.Invoke($"{_source.Name} reconnected");
            SetState(CaptureState.Running, attempt > 0 ? $"{_source.Name} reconnected" : $"{_source.Name}: capturing", _source.Name);
        }

        var (reason, delivered) = CaptureUntilLost(_source, token);
        DisposeSource();
        if (reason is null) return true;
        // A source that delivered frames worked: the next outage starts the back-off afresh.
        attempt = delivered > 0 ? 1 : attempt + 1;
        WaitBeforeRetry(attempt, reason, token);
        return false;
    }

    private void DisposeSource()
    {
        var source = _source;
        _source = null;
        try
        {
            source?.Dispose();
        }
        catch (Exception e)
        {
            _log?.Invoke($"closing the source failed: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>Captures until stopped (reason null) or the source is lost (reason says why).</summary>
    private (string? Reason, long Delivered) CaptureUntilLost(IFrameSource source, CancellationToken token)
    {
        var paced = !source.IsLive;
        var period = (long)(Stopwatch.Frequency / Math.Max(0.1, source.FramesPerSecond));
        var due = Stopwatch.GetTimestamp();
        var failures = 0;
        var delivered = 0L;
        var rateCheck = source.IsLive ? new CaptureRateCheck(source.Name, source.FramesPerSecond) : null;
        _rate.Reset();

        while (!token.IsCancellationRequested)
        {
            if (paced && !WaitUntil(due, token)) break;

            var frame = _mailbox.Rent();
            bool ok;
            try
            {
                ok = source.Read(frame.Bgr) && !frame.Bgr.Empty();
            }
            catch (Exception e)
            {
                _mailbox.Return(frame);
                return ($"read failed: {e.Message}", delivered);
            }

            var now = Stopwatch.GetTimestamp();
            if (!ok)
            {
                _mailbox.Return(frame);
                if (++failures >= FailuresBeforeLost) return ($"{failures} reads in a row failed", delivered);
                token.WaitHandle.WaitOne(FailedReadPause);
                due = Stopwatch.GetTimestamp();
                continue;
            }

            failures = 0;
            frame.Sequence = ++_sequence;
            frame.CapturedAt = now;
            _mailbox.Publish(frame);
            Interlocked.Increment(ref _captured);
            delivered++;
            _rate.Tick();
            if (rateCheck?.Frame(now) is { } slow) _log?.Invoke(slow);

            due += period;
            // More than a frame behind (a slow read, a paused process): restart the schedule rather than burst.
            if (now - due > period) due = now;
        }
        return (null, delivered);
    }

    private void WaitBeforeRetry(int attempt, string reason, CancellationToken token)
    {
        var delay = RetryDelay(attempt);
        var seconds = delay.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture);
        var name = _sourceName;
        _log?.Invoke($"{name} lost ({reason}): reconnecting in {seconds} s (attempt {attempt})");
        SetState(CaptureState.Lost, $"{name} lost: reconnecting in {seconds} s (attempt {attempt})");
        token.WaitHandle.WaitOne(delay);
    }

    /// <summary>0.5 s, 1 s, 2 s, 4 s, then <see cref="MaxRetryDelay"/> (defaults).</summary>
    public TimeSpan RetryDelay(int attempt)
    {
        var factor = Math.Pow(2, Math.Min(attempt - 1, 30));
        var delay = FirstRetryDelay * factor;
        return delay > MaxRetryDelay ? MaxRetryDelay : delay;
    }

    private static bool WaitUntil(long due, CancellationToken token)
    {
        var remaining = due - Stopwatch.GetTimestamp();
        if (remaining <= 0) return !token.IsCancellationRequested;
        // Rounding up never wakes early; the schedule absorbs the small oversleep.
        var milliseconds = (int)Math.Ceiling(remaining * 1000.0 / Stopwatch.Frequency);
        return !token.WaitHandle.WaitOne(milliseconds);
    }

    private void SetState(CaptureState state, string message, string? sourceName = null)
    {
        CaptureStatus status;
        lock (_gate)
        {
            _state = state;
            _message = message;
            if (sourceName is not null) _sourceName = sourceName;
            if (state != CaptureState.Running) _rate.Reset();
            status = new CaptureStatus(_state, _message, CapturedFrames, _state == CaptureState.Running ? _rate.PerSecond : 0, _sourceName);
        }
        StatusChanged?.Invoke(status);
    }
}
