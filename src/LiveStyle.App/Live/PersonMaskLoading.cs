using LiveStyle.Core.Models;
using LiveStyle.Core.Networks.PersonMask;
using LiveStyle.Core.Pipeline;

namespace LiveStyle.App.Live;

/// <summary>
/// Loads the person mask on its own thread once started (neither the view nor the networks wait
/// for it) and hands it to the inference loop; anything unexpected is reported and the view runs
/// on without regions. Disposed only after the inference thread is gone.
/// </summary>
public sealed class PersonMaskLoading(ModelStore store, StylizedRegions mode, Action<string> log) : IDisposable
{
    /// <summary>How long <see cref="Dispose"/> waits for a load in progress (it may be building the model).</summary>
    private static readonly TimeSpan LoadStopTimeout = TimeSpan.FromSeconds(30);

    private Thread? _thread;
    private LiveRegions? _regions;

    /// <summary>Starts loading for this loop; later calls do nothing.</summary>
    public void Start(StylizeLoop loop)
    {
        var thread = new Thread(() => Load(loop)) { Name = "person mask loading", IsBackground = true, Priority = ThreadPriority.BelowNormal };
        if (Interlocked.CompareExchange(ref _thread, thread, null) is null) thread.Start();
    }

    private void Load(StylizeLoop loop)
    {
        try
        {
            var opened = LiveRegions.Open(store, mode, log);
            _regions = opened;
            loop.Regions = opened;
        }
        catch (Exception e)
        {
            log($"person mask unavailable: {e.GetType().Name}: {e.Message}");
        }
    }

    /// <summary>Call after the inference loop has stopped. A load still running after the wait is left to end with the process.</summary>
    public void Dispose()
    {
        if (_thread is { } thread && thread.Join(LoadStopTimeout)) _regions?.Dispose();
    }
}
