using LiveStyle.Core.Frames;
using LiveStyle.Core.Imaging;
using OpenCvSharp;

namespace LiveStyle.Core.Sinks;

/// <summary>
/// Runs one <see cref="IFrameSink"/> on its own thread behind a bounded queue of frame copies.
/// <see cref="Offer"/> never blocks: when the queue is full (a slow disk, a slow client) the frame
/// is dropped and counted. When the sink fails, the runner stops it, keeps the error for the
/// overlay and finalizes what was written; the caller's live view goes on.
/// </summary>
public sealed class SinkRunner : IDisposable
{
    private readonly IFrameSink _sink;
    private readonly Action<string>? _log;
    private readonly object _gate = new();
    private readonly Queue<StylizedFrame> _pending = new();
    private readonly Stack<StylizedFrame> _free = new();
    private readonly List<StylizedFrame> _all = [];
    private readonly Thread _thread;
    private bool _stopping;
    private volatile bool _failed;
    private volatile string? _error;

    public SinkRunner(IFrameSink sink, int queueCapacity = 8, Action<string>? log = null)
    {
        _sink = sink;
        _log = log;
        for (var i = 0; i < queueCapacity; i++)
        {
            var frame = new StylizedFrame();
            _all.Add(frame);
            _free.Push(frame);
        }
        _thread = new Thread(Run) { Name = $"sink: {sink.Name}", IsBackground = true };
        _thread.Start();
    }

    public IFrameSink Sink => _sink;
    public string Name => _sink.Name;
    public long Offered { get; private set; }
    /// <summary>Frames not handed to the sink because its queue was full.</summary>
    public long Dropped { get; private set; }
    public long Written => Interlocked.Read(ref _written);
    private long _written;
    /// <summary>Average time the sink's Write took (its cost per stylized frame, on its own thread).</summary>
    public double WriteMilliseconds => Written == 0 ? 0 : _writeTicks * 1000.0 / System.Diagnostics.Stopwatch.Frequency / Written;
    private long _writeTicks;
    /// <summary>Why the sink stopped by itself, or null while it runs (or after a normal stop).</summary>
    public string? Error => _error;
    public bool IsRunning => !_failed && !_stopping;

    /// <summary>Queues a copy of <paramref name="frame"/>; never waits. Returns false when the frame was dropped.</summary>
    public bool Offer(StylizedFrame frame)
    {
        StylizedFrame? copy;
        lock (_gate)
        {
            if (_stopping || _failed) return false;
            Offered++;
            if (!_free.TryPop(out copy))
            {
                Dropped++;
                return false;
            }
        }
        MatCopy.CopyBgr(frame.Stylized, copy.Stylized);
        MatCopy.CopyBgr(frame.Original, copy.Original);
        copy.Sequence = frame.Sequence;
        copy.CapturedAt = frame.CapturedAt;
        copy.StylizedAt = frame.StylizedAt;
        copy.InferenceMilliseconds = frame.InferenceMilliseconds;
        copy.Passthrough = frame.Passthrough;
        lock (_gate)
        {
            _pending.Enqueue(copy);
            Monitor.Pulse(_gate);
        }
        return true;
    }

    private void Run()
    {
        while (true)
        {
            StylizedFrame frame;
            lock (_gate)
            {
                while (_pending.Count == 0 && !_stopping) Monitor.Wait(_gate);
                if (_pending.Count == 0) break;   // stopping, and everything queued was written
                frame = _pending.Dequeue();
            }
            try
            {
                if (!_failed)
                {
                    var started = System.Diagnostics.Stopwatch.GetTimestamp();
                    _sink.Write(frame);
                    _writeTicks += System.Diagnostics.Stopwatch.GetTimestamp() - started;
                    Interlocked.Increment(ref _written);
                }
            }
            catch (Exception e)
            {
                // Whatever a sink throws stops that sink only; the live view and the other sinks go on.
                Fail(e is LiveStyleException or IOException or OpenCVException or UnauthorizedAccessException ? e.Message : $"{e.GetType().Name}: {e.Message}");
            }
            finally
            {
                lock (_gate) _free.Push(frame);
            }
        }
        Finish();
    }

    private void Fail(string message)
    {
        _error = message;
        _failed = true;
        _log?.Invoke($"{_sink.Name} stopped: {message}");
    }

    private void Finish()
    {
        try
        {
            _sink.Complete();
        }
        catch (Exception e)
        {
            if (Error is null) Fail(e is LiveStyleException or IOException or OpenCVException or UnauthorizedAccessException ? e.Message : $"{e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>How long <see cref="Dispose"/> waits for the sink to write its queue and finish its file.</summary>
    public static readonly TimeSpan FinishTimeout = TimeSpan.FromSeconds(60);

    /// <summary>True once the sink's thread has completed the sink and ended.</summary>
    public bool IsFinished => !_thread.IsAlive;

    /// <summary>Writes what is queued, completes the sink and waits for its thread at most <paramref name="timeout"/>; returns whether it finished.</summary>
    public bool Stop(TimeSpan? timeout = null)
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.Pulse(_gate);
        }
        return _thread == Thread.CurrentThread || _thread.Join(timeout ?? FinishTimeout);
    }

    /// <summary>Stops the sink; if its thread does not finish in time, its sink and frames are left to it rather than freed under it.</summary>
    public void Dispose()
    {
        if (!Stop())
        {
            _log?.Invoke($"{_sink.Name} did not finish within {FinishTimeout.TotalSeconds:0} s: leaving it behind");
            return;
        }
        _sink.Dispose();
        foreach (var frame in _all) frame.Dispose();
    }
}
