using LiveStyle.Core;
using LiveStyle.Core.Inference;
using LiveStyle.Core.Models;
using LiveStyle.Core.Networks;
using LiveStyle.Core.Pipeline;
using LiveStyle.Core.Styling;

namespace LiveStyle.App.Live;

/// <summary>
/// The live view's networks. <see cref="Start"/> prepares the first one on a background thread
/// while the window already shows the camera: its models (built on first use), its style bank
/// (that network's signals, cached on disk per network) and folder watcher; when int8 still has
/// to be calibrated, an fp32 network runs meanwhile and int8 replaces it live. Each step is
/// logged and shown in <see cref="Progress"/>; a failure is kept in <see cref="Failure"/>.
/// Once the user switches, the other network is opened (and built) off the UI thread too; the
/// inference thread takes it between two frames. Every network opened stays open until
/// <see cref="Dispose"/>, so switching back is instant and nothing is freed under the inference thread.
/// </summary>
public sealed class LiveNetworks : IDisposable
{
    private static readonly TimeSpan StyleRescanInterval = TimeSpan.FromSeconds(2);

    private readonly object _gate = new();
    private readonly Dictionary<StyleNetworkKind, Loaded> _loaded = [];
    private readonly List<IStyleNetwork> _interim = [];
    private readonly ModelStore _store;
    private readonly LiveOptions _options;
    private readonly LiveLog _log;
    private readonly StylizeLoop _loop;
    private readonly Thread _preparation;
    private volatile Loaded? _current;
    private volatile string _progress = "preparing the models...";
    private volatile LiveStyleException? _failure;
    private Task _switching = Task.CompletedTask;
    private int _started;

    public LiveNetworks(ModelStore store, LiveOptions options, LiveLog log, StylizeLoop loop)
    {
        _store = store;
        _options = options;
        _log = log;
        _loop = loop;
        _preparation = new Thread(Prepare) { Name = "model preparation", IsBackground = true, Priority = ThreadPriority.BelowNormal };
    }

    /// <summary>The network running now, or null while the first one is prepared.</summary>
    public IStyleNetwork? Current => _current?.Network;
    /// <summary>The current network's styles (what the style controller cycles through); none until the first network is ready.</summary>
    public IReadOnlyList<StyleEntry> Styles => _current?.Bank.Styles ?? [];
    public bool Switching => !_switching.IsCompleted;
    /// <summary>What is being prepared now, for the overlay; empty when everything is ready.</summary>
    public string Progress => _progress;
    /// <summary>Why the live view cannot go on (no weights, no usable style), or null.</summary>
    public LiveStyleException? Failure => _failure;
    /// <summary>Called (on the thread that prepared it) once the first network and its styles are ready.</summary>
    public Action? Ready { get; init; }

    /// <summary>Starts preparing the first network (once; later calls do nothing).</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0) _preparation.Start();
    }

    /// <summary>Starts switching to the other network (UI thread; returns at once). A second press while one runs is ignored.</summary>
    public void SwitchToOther()
    {
        if (_current is not { } current)
        {
            _log.Write("the first network is still being prepared");
            return;
        }
        if (Switching)
        {
            _log.Write("still switching the network");
            return;
        }
        var target = StyleNetworkChoice.Other(current.Network.Kind);
        _log.Write($"switching to the {StyleNetworkChoice.Name(target)} network...");
        _switching = Task.Run(() =>
        {
            try
            {
                Run(Load(target, Open(target)));
            }
            catch (Exception e)
            {
                // Keep running on the current network; say why the other one is not available.
                _log.Write($"cannot switch to the {StyleNetworkChoice.Name(target)} network: {e.Message}");
            }
            finally
            {
                // The switch's own steps are done; a first preparation still running shows its next step itself.
                if (!_preparation.IsAlive) _progress = "";
            }
        });
    }

    private void Prepare()
    {
        try
        {
            PrepareFirstNetwork();
            _progress = "";
        }
        catch (LiveStyleException e)
        {
            _failure = e;
        }
        catch (Exception e)
        {
            _failure = new LiveStyleException($"preparing the models failed: {e.GetType().Name}: {e.Message}", e);
        }
        if (_failure is { } failure) _progress = $"cannot go on: {failure.Message}";
    }

    /// <summary>
    /// The --network, else the default; a default fast network that cannot be opened (no MicroAST
    /// weights in the weights folder, say) falls back to AdaIN with the reason in the log.
    /// </summary>
    private void PrepareFirstNetwork()
    {
        var kind = _options.StartNetwork;
        try
        {
            PrepareNetwork(kind);
        }
        catch (Exception e) when (_options.Network is null && kind == StyleNetworkKind.Fast && _current is null
                                  && e is LiveStyleException or IOException or InvalidDataException)
        {
            _log.Write($"the fast network is not available ({e.Message}); using adain");
            PrepareNetwork(StyleNetworkKind.AdaIn);
        }
    }

    private void PrepareNetwork(StyleNetworkKind kind)
    {
        Step($"preparing the {StyleNetworkChoice.Name(kind)} network");
        if (!StyleNetworks.Int8NeedsBuilding(kind, _store, _options.Precision, _options.Device, _options.Calibration))
        {
            Run(Load(kind, Open(kind)));
            return;
        }
        // Calibrating int8 takes about a minute, once: stylize in fp32 meanwhile.
        var fp32 = StyleNetworks.Open(kind, _store, Precision.Fp32, _options.Device, _options.Calibration, _log.Write);
        lock (_gate) _interim.Add(fp32);
        Run(new Loaded(fp32, LoadBank(fp32), null));
        Step($"calibrating the int8 {StyleNetworkChoice.Name(kind)} stylizer (once, about a minute): fp32 meanwhile");
        var int8 = Open(kind);
        if (int8.Precision == Precision.Fp32)
        {
            _log.Write("staying with fp32");
            lock (_gate) _interim.Add(int8);
            return;
        }
        var loaded = Load(kind, int8);
        // The user may have switched to the other network meanwhile: then int8 waits for the switch back.
        if (_current?.Network.Kind == kind) Run(loaded);
    }

    private IStyleNetwork Open(StyleNetworkKind kind) =>
        StyleNetworks.Open(kind, _store, _options.Precision, _options.Device, _options.Calibration, _log.Write);

    /// <summary>Hands <paramref name="loaded"/> to the inference loop (it takes it between two frames).</summary>
    private void Run(Loaded loaded)
    {
        var size = _options.SizeFor(loaded.Network.Kind);
        _loop.SwitchTo(loaded.Network, size);
        var first = _current is null;
        _current = loaded;
        if (first) Ready?.Invoke();
        _log.Write($"{loaded.Bank.Styles.Count} styles from {_options.Styles}; network: {StyleNetworks.Summary(loaded.Network)} at --size {size}, {loaded.Network.Description}");
    }

    /// <summary>The network of this kind with its style bank and watcher: the one opened before, else <paramref name="opened"/>.</summary>
    private Loaded Load(StyleNetworkKind kind, IStyleNetwork opened)
    {
        lock (_gate)
        {
            if (_loaded.TryGetValue(kind, out var known))
            {
                if (!ReferenceEquals(known.Network, opened)) opened.Dispose();
                return known;
            }
        }
        try
        {
            var loaded = new Loaded(opened, LoadBank(opened), null);
            loaded = loaded with { Watcher = new StyleBankWatcher(loaded.Bank, StyleRescanInterval, _log.Write) };
            lock (_gate) _loaded[kind] = loaded;
            return loaded;
        }
        catch
        {
            opened.Dispose();
            throw;
        }
    }

    private StyleBank LoadBank(IStyleNetwork network)
    {
        Step($"reading the styles in {_options.Styles}");
        var cache = StyleSignalsCache.For(network, _store.ModelsDirectory, _options.StyleSize);
        var bank = new StyleBank(_options.Styles, network, cache, _options.StyleSize, _log.Write);
        bank.Refresh();
        if (bank.Styles.Count == 0)
            throw new LiveStyleException($"no usable style images in {_options.Styles}: add PNG or JPEG paintings there, or give --styles DIR");
        return bank;
    }

    private void Step(string what)
    {
        _progress = what + "...";
        _log.Write(what);
    }

    /// <summary>Call after the inference loop has stopped. A preparation still running at exit is left to end with the process.</summary>
    public void Dispose()
    {
        if (_started == 1 && _preparation.IsAlive)
        {
            _log.Write($"exiting while still {_progress.TrimEnd('.')}: it will be done again at the next start");
            return;   // the preparation thread still uses what it opened
        }
        if (!_loop.Stopped) return;   // the inference thread was left inside a frame: its network stays open
        try { _switching.Wait(); } catch (AggregateException) { }
        lock (_gate)
        {
            foreach (var loaded in _loaded.Values)
            {
                loaded.Watcher?.Dispose();
                loaded.Network.Dispose();
            }
            foreach (var network in _interim) network.Dispose();
            _loaded.Clear();
            _interim.Clear();
        }
    }

    private sealed record Loaded(IStyleNetwork Network, StyleBank Bank, StyleBankWatcher? Watcher);
}
