using System.Runtime.ExceptionServices;

namespace LiveStyle.Core.Threading;

/// <summary>
/// A few long-lived helper threads that run the items of a <see cref="Job"/> together with the
/// calling thread; <see cref="Run"/> returns when every item is done. Nothing is allocated per run
/// (the live view's inference thread allocates no managed memory per frame), and a failing item
/// is rethrown on the caller after the others finished.
/// </summary>
public sealed class WorkerTeam : IDisposable
{
    /// <summary>Work split into items that may run in any order on any member.</summary>
    public abstract class Job
    {
        /// <param name="worker">0 for the calling thread, 1… for the helpers: an index for per-thread scratch space.</param>
        public abstract void Run(int item, int worker);
    }

    /// <summary>A job whose item i is a call of one delegate (made once, so running it allocates nothing).</summary>
    public sealed class Rows(Action<int> row) : Job
    {
        public override void Run(int item, int worker) => row(item);
    }

    /// <summary>A job calling one delegate with the item and the worker's index (for per-thread scratch).</summary>
    public sealed class Jobs(Action<int, int> body) : Job
    {
        public override void Run(int item, int worker) => body(item, worker);
    }

    private readonly Thread[] _helpers;
    private readonly SemaphoreSlim _start = new(0);
    // Not a ManualResetEventSlim: it makes its lock object the first time a waiter has to block,
    // which can be any frame (a 24-byte allocation the per-frame allocation tests caught).
    private readonly SemaphoreSlim _finished = new(0);
    private Job? _job;
    private int _items;
    private int _next;
    private int _running;
    private Exception? _error;
    private volatile bool _disposed;

    /// <param name="helpers">Helper threads besides the caller (0: everything runs on the caller).</param>
    public WorkerTeam(int helpers, string name)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(helpers);
        _helpers = new Thread[helpers];
        for (var i = 0; i < helpers; i++)
        {
            var worker = i + 1;
            _helpers[i] = new Thread(() => HelperLoop(worker)) { Name = $"{name} {worker}", IsBackground = true };
            _helpers[i].Start();
        }
    }

    /// <summary>One helper per core beyond the caller's, at most 7.</summary>
    public static int DefaultHelpers => Math.Clamp(Environment.ProcessorCount - 1, 0, 7);

    /// <summary>The caller and the helpers: the number of scratch spaces a job needs.</summary>
    public int Size => _helpers.Length + 1;

    /// <summary>Runs items 0…<paramref name="items"/>−1 of <paramref name="job"/>; not reentrant (one caller at a time).</summary>
    public void Run(Job job, int items)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (items <= 0) return;
        _job = job;
        _items = items;
        _next = -1;
        _error = null;
        var helpers = Math.Min(_helpers.Length, items - 1);
        if (helpers > 0)
        {
            Volatile.Write(ref _running, helpers);
            _start.Release(helpers);
        }
        Work(0);
        if (helpers > 0) _finished.Wait();
        _job = null;
        if (_error is { } error) ExceptionDispatchInfo.Throw(error);
    }

    private void Work(int worker)
    {
        var job = _job!;
        try
        {
            for (var item = Interlocked.Increment(ref _next); item < _items; item = Interlocked.Increment(ref _next))
                job.Run(item, worker);
        }
        catch (Exception e)
        {
            Interlocked.CompareExchange(ref _error, e, null);
            // The others stop taking items; the caller rethrows once they are done.
            Interlocked.Exchange(ref _next, _items);
        }
    }

    private void HelperLoop(int worker)
    {
        while (true)
        {
            _start.Wait();
            if (_disposed) return;
            Work(worker);
            if (Interlocked.Decrement(ref _running) == 0) _finished.Release();
        }
    }

    /// <summary>How long <see cref="Dispose"/> waits for the helpers to end (they end at once unless an item hangs).</summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Stops the helpers; call only when no <see cref="Run"/> is in progress. A helper that does not end in time keeps its semaphores.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        if (_helpers.Length > 0) _start.Release(_helpers.Length);
        var deadline = DateTime.UtcNow + StopTimeout;
        var allEnded = true;
        foreach (var helper in _helpers)
        {
            var left = deadline - DateTime.UtcNow;
            allEnded &= helper.Join(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }
        if (!allEnded) return;
        _start.Dispose();
        _finished.Dispose();
    }
}
