namespace LiveStyle.Core.Threading;

/// <summary>
/// Reusable items (frames, pictures) that several threads may hold at once: an item goes back to
/// the pool when its last holder releases it, so a frame can be shown, recorded and streamed
/// without a copy. <see cref="Rent"/> never waits: when every item is held it makes one more, up to
/// a limit that only a leak reaches, so steady state allocates nothing once the pool has grown to
/// what the threads hold at most. Items still held when the pool is disposed are left to their
/// holders rather than freed under them.
/// </summary>
public sealed class SharedPool<T> : IDisposable where T : class
{
    private readonly object _gate = new();
    private readonly Func<T> _create;
    private readonly int _maxItems;
    private readonly Stack<T> _free = new();
    private readonly Dictionary<T, int> _holders = new(ReferenceEqualityComparer.Instance);
    private readonly List<T> _all = [];
    private bool _disposed;

    /// <param name="initialItems">Items made at once.</param>
    /// <param name="maxItems">The most items ever made; renting beyond it means items are not given back, and throws.</param>
    public SharedPool(Func<T> create, int initialItems, int maxItems)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(initialItems, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxItems, initialItems);
        _create = create;
        _maxItems = maxItems;
        for (var i = 0; i < initialItems; i++) _free.Push(Make());
    }

    /// <summary>Items made so far.</summary>
    public int Count
    {
        get { lock (_gate) return _all.Count; }
    }

    /// <summary>An item nobody holds, now held once by the caller.</summary>
    public T Rent()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_free.TryPop(out var item))
            {
                if (_all.Count >= _maxItems)
                    throw new InvalidOperationException($"all {_maxItems} pooled items are held: give items back after use");
                item = Make();
            }
            _holders[item] = 1;
            return item;
        }
    }

    /// <summary>One more holder of <paramref name="item"/> (each holder calls <see cref="Release"/> once).</summary>
    public void Share(T item)
    {
        lock (_gate)
        {
            if (!_holders.TryGetValue(item, out var count)) throw new InvalidOperationException("only a held item can be shared");
            _holders[item] = count + 1;
        }
    }

    /// <summary>Ends one hold of <paramref name="item"/>; the last one puts it back in the pool (or frees it once the pool is disposed).</summary>
    public void Release(T item)
    {
        lock (_gate)
        {
            if (!_holders.TryGetValue(item, out var count)) throw new InvalidOperationException("the item is not held: released twice?");
            if (count > 1)
            {
                _holders[item] = count - 1;
                return;
            }
            _holders.Remove(item);
            if (_disposed) (item as IDisposable)?.Dispose();
            else _free.Push(item);
        }
    }

    /// <summary>Frees the items nobody holds; each held one is freed when its last holder releases it.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var item in _free) (item as IDisposable)?.Dispose();
            _free.Clear();
        }
    }

    private T Make()
    {
        var item = _create();
        _all.Add(item);
        return item;
    }
}
