namespace LiveStyle.Core.Styling;

/// <summary>
/// Rescans a <see cref="StyleBank"/>'s folder every few seconds on a background thread, so images
/// dropped into the folder while LiveStyle runs join the cycle without stalling the live view.
/// A failed rescan is reported and retried at the next interval; the styles loaded so far stay.
/// </summary>
public sealed class StyleBankWatcher : IDisposable
{
    private readonly StyleBank _bank;
    private readonly TimeSpan _interval;
    private readonly Action<string>? _log;
    private readonly ManualResetEventSlim _stop = new();
    private readonly Thread _thread;

    public StyleBankWatcher(StyleBank bank, TimeSpan interval, Action<string>? log = null)
    {
        _bank = bank;
        _interval = interval;
        _log = log;
        _thread = new Thread(Run) { Name = "style-watcher", IsBackground = true, Priority = ThreadPriority.BelowNormal };
        _thread.Start();
    }

    private void Run()
    {
        while (!_stop.Wait(_interval))
        {
            try
            {
                _bank.Refresh();
            }
            catch (Exception e)
            {
                // A vanished folder, an I/O error, anything: report it and try again next time.
                _log?.Invoke(e is LiveStyleException ? e.Message : $"rescanning the styles failed: {e.GetType().Name}: {e.Message}");
            }
        }
    }

    public void Dispose()
    {
        _stop.Set();
        _thread.Join();
        _stop.Dispose();
    }
}
