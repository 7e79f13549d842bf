namespace LiveStyle.Core.Sinks.Stream;

/// <summary>
/// A client's one-slot mailbox: the publisher puts the newest frame in without waiting, replacing
/// one the client has not taken yet (a skipped frame); the client's sender takes it when ready.
/// </summary>
internal sealed class LatestJpegBox
{
    private readonly object _gate = new();
    private JpegFrame? _frame;
    private bool _closed;

    public bool IsClosed
    {
        get { lock (_gate) return _closed; }
    }

    /// <summary>Puts <paramref name="frame"/> in; true when it replaced a frame that was never taken.</summary>
    public bool Put(JpegFrame frame)
    {
        lock (_gate)
        {
            var skipped = _frame is not null;
            _frame = frame;
            Monitor.PulseAll(_gate);
            return skipped;
        }
    }

    /// <summary>The newest frame, waiting up to <paramref name="timeout"/>; null on timeout or once closed.</summary>
    public JpegFrame? Take(TimeSpan timeout)
    {
        lock (_gate)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (_frame is null && !_closed)
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || !Monitor.Wait(_gate, left)) break;
            }
            if (_closed) return null;
            var frame = _frame;
            _frame = null;
            return frame;
        }
    }

    /// <summary>
    /// Waits until <paramref name="deadline"/> whatever arrives meanwhile (a paced sender's next
    /// tick), then takes the newest frame; null when none came since the last take, or once closed.
    /// </summary>
    public JpegFrame? TakeAt(DateTime deadline)
    {
        lock (_gate)
        {
            while (!_closed)
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero) break;
                Monitor.Wait(_gate, left);
            }
            if (_closed) return null;
            var frame = _frame;
            _frame = null;
            return frame;
        }
    }

    /// <summary>Wakes the sender; later Takes return null at once.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            _frame = null;
            Monitor.PulseAll(_gate);
        }
    }
}
