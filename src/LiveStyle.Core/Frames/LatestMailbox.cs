namespace LiveStyle.Core.Frames;

/// <summary>
/// A one-slot mailbox that always holds the newest item: the producer never waits, and an item
/// that was not taken before the next one arrived is dropped (and counted). Items are pooled:
/// a producer rents one, fills it and publishes it; a consumer takes one and gives it back when
/// done. Three items are enough (one being written, one waiting, one being read), so steady
/// state allocates nothing.
/// </summary>
public sealed class LatestMailbox<T> : IDisposable where T : class
{
    private readonly object _gate = new();
    private readonly Stack<T> _free = new();
    private readonly List<T> _all = [];
    private T? _waiting;
    private bool _closed;

    public LatestMailbox(Func<T> create, int poolSize = 3)
    {
        if (poolSize < 3) throw new ArgumentOutOfRangeException(nameof(poolSize), "a mailbox needs at least three items");
        for (var i = 0; i < poolSize; i++)
        {
            var item = create();
            _all.Add(item);
            _free.Push(item);
        }
    }

    /// <summary>Items published but replaced before anyone took them.</summary>
    public long Dropped { get; private set; }
    public long Published { get; private set; }

    /// <summary>An item to fill; never blocks while the consumer holds at most one item.</summary>
    public T Rent()
    {
        lock (_gate)
        {
            if (_free.Count == 0) throw new InvalidOperationException("every mailbox item is rented: give items back after use");
            return _free.Pop();
        }
    }

    /// <summary>Makes <paramref name="item"/> the newest; a waiting older item goes back to the pool, counted as dropped.</summary>
    public void Publish(T item)
    {
        lock (_gate)
        {
            if (_waiting is not null)
            {
                _free.Push(_waiting);
                Dropped++;
            }
            _waiting = item;
            Published++;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Gives back a rented item without publishing it (e.g. a failed capture).</summary>
    public void Return(T item)
    {
        lock (_gate) _free.Push(item);
    }

    /// <summary>Takes the newest item, waiting up to <paramref name="timeout"/>; null on timeout or when closed.</summary>
    public T? Take(TimeSpan timeout)
    {
        lock (_gate)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (_waiting is null && !_closed)
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || !Monitor.Wait(_gate, left)) break;
            }
            var item = _waiting;
            _waiting = null;
            return item;
        }
    }

    /// <summary>Takes the newest item if there is one, without waiting.</summary>
    public T? TryTake()
    {
        lock (_gate)
        {
            var item = _waiting;
            _waiting = null;
            return item;
        }
    }

    /// <summary>Wakes every waiting consumer; later Takes return at once.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            Monitor.PulseAll(_gate);
        }
    }

    public void Dispose()
    {
        Close();
        foreach (var item in _all) (item as IDisposable)?.Dispose();
    }
}
