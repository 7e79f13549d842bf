namespace LiveStyle.Core.Inference;

/// <summary>
/// A model (stylizer session, network) that one loop thread uses and that others replace while it
/// runs: any thread <see cref="Offer"/>s a newer one; the loop thread calls <see cref="Adopt"/>
/// between frames, switches to it and only then disposes the one it was using, so a session is
/// never freed under a running inference. Nothing is allocated when there is nothing new.
/// </summary>
public sealed class HotSwap<T> : IDisposable where T : class, IDisposable
{
    private readonly object _gate = new();
    private T? _offered;
    private string _offeredDescription = "";
    private T? _inUse;
    private bool _ownsInUse;
    private volatile string _description;
    private bool _disposed;

    /// <param name="initial">The model to start with, or null until one is offered.</param>
    /// <param name="ownsInitial">Whether this swap disposes <paramref name="initial"/> when it is replaced.</param>
    public HotSwap(T? initial = null, string description = "", bool ownsInitial = true)
    {
        _inUse = initial;
        _ownsInUse = ownsInitial;
        _description = initial is null ? "" : description;
    }

    /// <summary>What the loop is using now (or "" before the first model), e.g. "CPU int8".</summary>
    public string Description => _description;

    /// <summary>
    /// Hands a newer model to the loop; the swap owns it from now on. A model offered earlier but
    /// not yet adopted is disposed at once (no thread ever used it).
    /// </summary>
    public void Offer(T model, string description)
    {
        T? skipped;
        lock (_gate)
        {
            if (_disposed)
            {
                skipped = model;
            }
            else
            {
                skipped = _offered;
                _offered = model;
                _offeredDescription = description;
            }
        }
        skipped?.Dispose();
    }

    /// <summary>
    /// On the loop thread, between frames: the model to use for the next frame (null while none
    /// is ready). When a newer one was offered, <paramref name="retired"/> is the previous model,
    /// which the caller disposes after freeing what it built on it (buffers bound to its session);
    /// it is null when there was nothing to retire or the swap does not own it.
    /// </summary>
    public T? Adopt(out T? retired, out bool switched)
    {
        retired = null;
        switched = false;
        lock (_gate)
        {
            if (_offered is null) return _inUse;
            if (_ownsInUse) retired = _inUse;
            _inUse = _offered;
            _ownsInUse = true;
            _description = _offeredDescription;
            _offered = null;
            switched = true;
            return _inUse;
        }
    }

    /// <summary>Disposes the models it owns. Call only after the loop thread stopped using them.</summary>
    public void Dispose()
    {
        T? inUse, offered;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            inUse = _ownsInUse ? _inUse : null;
            offered = _offered;
            _inUse = _offered = null;
        }
        offered?.Dispose();
        inUse?.Dispose();
    }
}
