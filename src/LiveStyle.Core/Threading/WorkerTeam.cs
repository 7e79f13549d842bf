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
    // The run's number, its next unclaimed item and its item count in one word, claimed together:
    // a helper that wakes late, after its run ended, can never take an item of another run.
    private long _ticket;
    private const int ItemBits = 20;
    private const long ItemMask = (1L << ItemBits) - 1;
    /// <summary>The most items one run may have.</summary>
    public const int MaxItems = (int)ItemMask;
    private int _unfinished;
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

    /// <summary>
    /// Runs items 0…<paramref name="items"/>−1 of <paramref name="job"/>; not reentrant (one caller at
    /// a time). The caller takes items too and waits only for items a helper has taken: a helper the
    /// scheduler has not woken yet (a loaded machine) holds nothing up, and its wake-up finds no work.
    /// </summary>
    public void Run(Job job, int items)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(items, MaxItems);
        if (items <= 0) return;
        _job = job;
        _error = null;
        Volatile.Write(ref _unfinished, items);
        var run = ((Volatile.Read(ref _ticket) >> (2 * ItemBits)) + 1) & ((1L << (64 - 2 * ItemBits - 1)) - 1);
        Volatile.Write(ref _ticket, (run << (2 * ItemBits)) | (long)items);
        var helpers = Math.Min(_helpers.Length, items - 1);
        if (helpers > 0) _start.Release(helpers);
        if (!Work(0)) _finished.Wait();
        if (_error is { } error) ExceptionDispatchInfo.Throw(error);
    }

    /// <summary>Takes and runs items of the current run until none is left; true if this thread finished the run's last item.</summary>
    private bool Work(int worker)
    {
        var finishedLast = false;
        while (true)
        {
            var ticket = Volatile.Read(ref _ticket);
            var item = (int)((ticket >> ItemBits) & ItemMask);
            if (item >= (int)(ticket & ItemMask)) return finishedLast;
            // Read after the ticket, so the job of the ticket's run: the next run cannot start before
            // this unclaimed item is claimed and done, and if the claim succeeds it was unclaimed.
            var job = _job!;
            if (Interlocked.CompareExchange(ref _ticket, ticket + (1L << ItemBits), ticket) != ticket) continue;
            try
            {
                // After a failure the remaining items are only counted off.
                if (Volatile.Read(ref _error) is null) job.Run(item, worker);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _error, e, null);
            }
            finishedLast = Interlocked.Decrement(ref _unfinished) == 0;
            if (finishedLast) return true;
        }
    }

    private void HelperLoop(int worker)
    {
        while (true)
        {
            _start.Wait();
            if (_disposed) return;
            if (Work(worker)) _finished.Release();
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
