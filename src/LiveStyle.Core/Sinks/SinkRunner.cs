using System.Diagnostics;
using LiveStyle.Core.Frames;
using LiveStyle.Core.Threading;
using OpenCvSharp;

namespace LiveStyle.Core.Sinks;

/// <summary>
/// Runs one <see cref="IFrameSink"/> on its own thread behind a bounded queue. <see cref="Offer"/>
/// never blocks and copies nothing: the frame is shared from its pool and given back once the sink
/// has written it; when the queue is full (a slow disk, a slow client) the frame is dropped and
/// counted. When the sink fails, the runner stops it, keeps the error for the overlay and
/// finalizes what was written; the caller's live view goes on. After the last frame the runner's
/// own thread completes and disposes the sink, so nothing the sink uses is freed under it.
/// </summary>
public sealed class SinkRunner : IDisposable
{
    /// <summary>How long <see cref="Dispose"/> waits for the sink to write its queue and finish its file.</summary>
    public static readonly TimeSpan FinishTimeout = TimeSpan.FromSeconds(60);

    private readonly IFrameSink _sink;
    private readonly LatestMailbox<StylizedFrame> _frames;
    private readonly Action<string>? _log;
    private readonly HandoffQueue<StylizedFrame> _queue;
    private readonly Thread _thread;
    private volatile bool _failed;
    private volatile string? _error;
    private long _offered, _dropped, _written, _writeTicks;

    /// <param name="frames">The pool the offered frames come from: each queued frame is shared from it and given back after writing.</param>
    /// <param name="finished">Called on the runner's thread once the sink is completed and disposed.</param>
    public SinkRunner(IFrameSink sink, LatestMailbox<StylizedFrame> frames, int queueCapacity = 8, Action<string>? log = null, Action<SinkRunner>? finished = null)
    {
        _sink = sink;
        _frames = frames;
        _log = log;
        _queue = new HandoffQueue<StylizedFrame>(queueCapacity, WhenFull.RefuseNewest);
        _thread = new Thread(() => Run(finished)) { Name = $"sink: {sink.Name}", IsBackground = true };
        _thread.Start();
    }

    public IFrameSink Sink => _sink;
    public string Name => _sink.Name;
    public long Offered => Interlocked.Read(ref _offered);
    /// <summary>Frames not handed to the sink because its queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);
    public long Written => Interlocked.Read(ref _written);
    /// <summary>Average time the sink's Write took (its cost per stylized frame, on its own thread).</summary>
    public double WriteMilliseconds => Written == 0 ? 0 : Interlocked.Read(ref _writeTicks) * 1000.0 / Stopwatch.Frequency / Written;
    /// <summary>Why the sink stopped by itself, or null while it runs (or after a normal stop).</summary>
    public string? Error => _error;
    public bool IsRunning => !_failed && !_queue.IsClosed;
    /// <summary>True once the sink's thread has completed the sink and ended.</summary>
    public bool IsFinished => !_thread.IsAlive;

    /// <summary>Queues <paramref name="frame"/> (a frame taken from the runner's pool) for the sink; never waits. Returns false when it was dropped.</summary>
    public bool Offer(StylizedFrame frame)
    {
        if (_failed) return false;
        Interlocked.Increment(ref _offered);
        _frames.Share(frame);
        if (_queue.Put(frame) is null) return true;
        _frames.Return(frame);
        Interlocked.Increment(ref _dropped);
        return false;
    }

    /// <summary>Asks the sink to finish: what is queued is written, then the sink is completed and disposed on its own thread. Never waits.</summary>
    public void RequestStop() => _queue.Close();

    /// <summary>Stops the sink and waits for its thread at most <paramref name="timeout"/>; returns whether it finished.</summary>
    public bool Stop(TimeSpan? timeout = null)
    {
        RequestStop();
        return _thread == Thread.CurrentThread || _thread.Join(timeout ?? FinishTimeout);
    }

    /// <summary>Stops the sink; a thread that does not finish in time keeps its sink and frames rather than having them freed under it.</summary>
    public void Dispose()
    {
        if (!Stop()) _log?.Invoke($"{_sink.Name} did not finish within {FinishTimeout.TotalSeconds:0} s: leaving it behind");
    }

    private void Run(Action<SinkRunner>? finished)
    {
        while (_queue.Take(Timeout.InfiniteTimeSpan) is { } frame)
        {
            try
            {
                if (!_failed)
                {
                    var started = Stopwatch.GetTimestamp();
                    _sink.Write(frame);
                    Interlocked.Add(ref _writeTicks, Stopwatch.GetTimestamp() - started);
                    Interlocked.Increment(ref _written);
                }
            }
            catch (Exception e)
            {
                // Whatever a sink throws stops that sink only; the live view and the other sinks go on.
                Fail(e);
            }
            finally
            {
                _frames.Return(frame);
            }
        }
        Finish(finished);
    }

    private void Fail(Exception e)
    {
        _error = e is LiveStyleException or IOException or OpenCVException or UnauthorizedAccessException ? e.Message : $"{e.GetType().Name}: {e.Message}";
        _failed = true;
        _log?.Invoke($"{_sink.Name} stopped: {_error}");
    }

    private void Finish(Action<SinkRunner>? finished)
    {
        try
        {
            _sink.Complete();
        }
        catch (Exception e)
        {
            if (_error is null) Fail(e);
        }
        try
        {
            _sink.Dispose();
            finished?.Invoke(this);
        }
        catch (Exception e)
        {
            _log?.Invoke($"finishing {_sink.Name} failed: {e.GetType().Name}: {e.Message}");
        }
    }
}
