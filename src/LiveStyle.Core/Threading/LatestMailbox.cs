namespace LiveStyle.Core.Threading;

/// <summary>
/// A one-slot mailbox that always holds the newest item, over a pool of reusable items: the
/// producer rents an item, fills it and publishes it, never waiting; an item that was not taken
/// before the next one arrived goes back to the pool (counted as dropped). A consumer takes the
/// newest item and gives it back when done; it may <see cref="Share"/> it with other threads first
/// (each gives it back once), so nobody copies it. It is a <see cref="HandoffQueue{T}"/> of one
/// slot over a <see cref="SharedPool{T}"/>.
/// </summary>
public sealed class LatestMailbox<T> : IDisposable where T : class
{
    private readonly SharedPool<T> _pool;
    private readonly HandoffQueue<T> _slot = new(1, WhenFull.ReplaceOldest);
    private long _dropped, _published;

    /// <param name="poolSize">Items made at once: three are enough for one producer and one consumer (one being written, one waiting, one being read).</param>
    /// <param name="maxPoolSize">The most items ever made, when consumers share items with further threads (default: <paramref name="poolSize"/>, so a leak shows at once).</param>
    public LatestMailbox(Func<T> create, int poolSize = 3, int? maxPoolSize = null)
    {
        if (poolSize < 3) throw new ArgumentOutOfRangeException(nameof(poolSize), "a mailbox needs at least three items");
        _pool = new SharedPool<T>(create, poolSize, maxPoolSize ?? poolSize);
    }

    /// <summary>Items published but replaced before anyone took them.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);
    public long Published => Interlocked.Read(ref _published);
    /// <summary>Items made so far (grows only while consumers hold more than the initial pool).</summary>
    public int PoolSize => _pool.Count;

    /// <summary>An item to fill; never blocks.</summary>
    public T Rent() => _pool.Rent();

    /// <summary>Makes <paramref name="item"/> the newest; a waiting older item goes back to the pool, counted as dropped.</summary>
    public void Publish(T item)
    {
        Interlocked.Increment(ref _published);
        var leftOut = _slot.Put(item);
        if (leftOut is null) return;
        if (!ReferenceEquals(leftOut, item)) Interlocked.Increment(ref _dropped);
        _pool.Release(leftOut);
    }

    /// <summary>Gives back a rented or taken item (or ends one share of it).</summary>
    public void Return(T item) => _pool.Release(item);

    /// <summary>One more holder of a taken item, which gives it back with <see cref="Return"/> too.</summary>
    public void Share(T item) => _pool.Share(item);

    /// <summary>Takes the newest item, waiting up to <paramref name="timeout"/>; null on timeout or when closed.</summary>
    public T? Take(TimeSpan timeout) => _slot.Take(timeout);

    /// <summary>Takes the newest item if there is one, without waiting.</summary>
    public T? TryTake() => _slot.TryTake();

    /// <summary>Wakes every waiting consumer; later Takes return at once, later items go straight back to the pool.</summary>
    public void Close() => _slot.Close();

    /// <summary>Closes, and frees every item nobody holds (held ones when they are given back).</summary>
    public void Dispose()
    {
        Close();
        if (_slot.TryTake() is { } waiting) _pool.Release(waiting);
        _pool.Dispose();
    }
}
