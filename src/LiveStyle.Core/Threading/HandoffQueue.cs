namespace LiveStyle.Core.Threading;

/// <summary>What a full <see cref="HandoffQueue{T}"/> does with a new item.</summary>
public enum WhenFull
{
    /// <summary>The oldest queued item makes room (a "latest value" slot: the consumer always gets the newest).</summary>
    ReplaceOldest,
    /// <summary>The new item is refused (a sink's queue: the frame is dropped, what is queued stays in order).</summary>
    RefuseNewest,
}

/// <summary>
/// The one hand-off between two threads: a bounded first-in first-out queue that the producer never
/// waits on. Consumers wait for an item with a timeout, or until a deadline whatever arrives
/// meanwhile (a paced sender's next tick). An item that does not make it into the queue, or that is
/// pushed out of it, goes back to the caller of <see cref="Put"/>, who owns it again. Closing wakes
/// every waiter and refuses later items; what is queued can still be taken (a sink drains its queue).
/// Nothing is allocated per item once the queue exists.
/// </summary>
public sealed class HandoffQueue<T> where T : class
{
    private readonly object _gate = new();
    private readonly Queue<T> _items;
    private readonly WhenFull _whenFull;
    private bool _closed;

    public HandoffQueue(int capacity, WhenFull whenFull)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
        _whenFull = whenFull;
        _items = new Queue<T>(capacity);
    }

    public int Capacity { get; }

    public int Count
    {
        get { lock (_gate) return _items.Count; }
    }

    public bool IsClosed
    {
        get { lock (_gate) return _closed; }
    }

    /// <summary>
    /// Queues <paramref name="item"/> without waiting. Returns the item left out: null when
    /// <paramref name="item"/> was queued with room to spare, the oldest item when it made room
    /// (<see cref="WhenFull.ReplaceOldest"/>), or <paramref name="item"/> itself when it was refused
    /// (queue full under <see cref="WhenFull.RefuseNewest"/>, or closed).
    /// </summary>
    public T? Put(T item)
    {
        lock (_gate)
        {
            if (_closed) return item;
            T? leftOut = null;
            if (_items.Count == Capacity)
            {
                if (_whenFull == WhenFull.RefuseNewest) return item;
                leftOut = _items.Dequeue();
            }
            _items.Enqueue(item);
            Monitor.PulseAll(_gate);
            return leftOut;
        }
    }

    /// <summary>The oldest item, waiting up to <paramref name="timeout"/> (<see cref="Timeout.InfiniteTimeSpan"/>: until one comes or the queue closes); null when none came.</summary>
    public T? Take(TimeSpan timeout)
    {
        var deadline = timeout == Timeout.InfiniteTimeSpan ? DateTime.MaxValue : DateTime.UtcNow + timeout;
        return TakeWhen(deadline, waitFullTime: false);
    }

    /// <summary>Waits until <paramref name="deadline"/> (or closing) whatever arrives meanwhile, then takes the oldest item; null when none is queued.</summary>
    public T? TakeAt(DateTime deadline) => TakeWhen(deadline, waitFullTime: true);

    /// <summary>The oldest item if there is one, without waiting.</summary>
    public T? TryTake()
    {
        lock (_gate) return _items.Count > 0 ? _items.Dequeue() : null;
    }

    /// <summary>Wakes every waiting consumer; later items are refused, queued ones can still be taken.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            Monitor.PulseAll(_gate);
        }
    }

    private T? TakeWhen(DateTime deadline, bool waitFullTime)
    {
        lock (_gate)
        {
            while (!_closed && (waitFullTime || _items.Count == 0))
            {
                if (deadline == DateTime.MaxValue)
                {
                    Monitor.Wait(_gate);
                    continue;
                }
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero) break;
                Monitor.Wait(_gate, left);
            }
            return _items.Count > 0 ? _items.Dequeue() : null;
        }
    }
}
