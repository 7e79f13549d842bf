using LiveStyle.Core.Inference;
using LiveStyle.Core.Models;
using LiveStyle.Core.Networks;
using LiveStyle.Core.Styling;

namespace LiveStyle.Core.Pipeline;

/// <summary>
/// The live view's networks, feeding the pipeline's <see cref="StylizeLoop"/>. <see cref="Start"/>
/// prepares the first one on a background thread while the window already shows the camera: its models (built on first use), its style bank
/// (that network's signals, cached on disk per network) and folder watcher; when int8 still has
/// to be calibrated, an fp32 network runs meanwhile and int8 replaces it live. Each step is
/// logged and shown in <see cref="Progress"/>; a failure is kept in <see cref="Failure"/>.
/// Once the user switches, the other network is opened (and built) on a thread of its own; the
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
    private readonly LiveNetworkSettings _settings;
    private readonly Action<string> _log;
    private readonly Thread _preparation;
    private StylizeLoop? _loop;
    private volatile Loaded? _current;
    private volatile string _progress = "preparing the models...";
    private volatile LiveStyleException? _failure;
    private Thread? _switching;
    private int _started;

    public LiveNetworks(ModelStore store, LiveNetworkSettings settings, Action<string> log)
    {
        _store = store;
        _settings = settings;
        _log = log;
        _preparation = new Thread(Prepare) { Name = "model preparation", IsBackground = true, Priority = ThreadPriority.BelowNormal };
    }

    /// <summary>The network running now, or null while the first one is prepared.</summary>
    public IStyleNetwork? Current => _current?.Network;
    /// <summary>The current network's styles (what the style controller cycles through); none until the first network is ready.</summary>
    public IReadOnlyList<StyleEntry> Styles => _current?.Bank.Styles ?? [];
    public bool Switching => _switching is { IsAlive: true };
    /// <summary>What is being prepared now, for the overlay; empty when everything is ready.</summary>
    public string Progress => _progress;
    /// <summary>Why the live view cannot go on (no weights, no usable style), or null.</summary>
    public LiveStyleException? Failure => _failure;
    /// <summary>Called (on the thread that prepared it) once the first network and its styles are ready; set before <see cref="Start"/>.</summary>
    public Action? Ready { get; set; }

    /// <summary>Starts preparing the first network for <paramref name="loop"/> (once; later calls do nothing).</summary>
    public void Start(StylizeLoop loop)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0) return;
        _loop = loop;
        _preparation.Start();
    }

    /// <summary>Starts switching to the other network (UI thread; returns at once). A second press while one runs is ignored.</summary>
    public void SwitchToOther()
    {
        if (_current is not { } current)
        {
            _log("the first network is still being prepared");
            return;
        }
        if (Switching)
        {
            _log("still switching the network");
            return;
        }
        var target = StyleNetworkChoice.Other(current.Network.Kind);
        _log($"switching to the {StyleNetworkChoice.Name(target)} network...");
        _switching = new Thread(() =>
        {
            try
            {
                Run(Load(target, Open(target)));
            }
            catch (Exception e)
            {
                // Keep running on the current network; say why the other one is not available.
                _log($"cannot switch to the {StyleNetworkChoice.Name(target)} network: {e.Message}");
            }
            finally
            {
                // The switch's own steps are done; a first preparation still running shows its next step itself.
                if (!_preparation.IsAlive) _progress = "";
            }
        }) { Name = "network switch", IsBackground = true, Priority = ThreadPriority.BelowNormal };
        _switching.Start();
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
        var kind = _settings.StartNetwork;
        try
        {
            PrepareNetwork(kind);
        }
        catch (Exception e) when (!_settings.NetworkChosen && kind == StyleNetworkKind.MicroAst && _current is null
                                  && e is LiveStyleException or IOException or InvalidDataException)
        {
            _log($"the fast network is not available ({e.Message}); using adain");
            PrepareNetwork(StyleNetworkKind.AdaIn);
        }
    }

    private void PrepareNetwork(StyleNetworkKind kind)
    {
        Step($"preparing the {StyleNetworkChoice.Name(kind)} network");
        if (!StyleNetworks.Int8NeedsBuilding(kind, _store, _settings.Precision, _settings.Device, _settings.Calibration))
        {
            Run(Load(kind, Open(kind)));
            return;
        }
        // Calibrating int8 takes about a minute, once: stylize in fp32 meanwhile.
        var fp32 = StyleNetworks.Open(kind, _store, Precision.Fp32, _settings.Device, _settings.Calibration, _log);
        lock (_gate) _interim.Add(fp32);
        Run(new Loaded(fp32, LoadBank(fp32), null));
        Step($"calibrating the int8 {StyleNetworkChoice.Name(kind)} stylizer (once, about a minute): fp32 meanwhile");
        var int8 = Open(kind);
        if (int8.Precision == Precision.Fp32)
        {
            _log("staying with fp32");
            lock (_gate) _interim.Add(int8);
            return;
        }
        var loaded = Load(kind, int8);
        // The user may have switched to the other network meanwhile: then int8 waits for the switch back.
        if (_current?.Network.Kind == kind) Run(loaded);
    }

    private IStyleNetwork Open(StyleNetworkKind kind) =>
        StyleNetworks.Open(kind, _store, _settings.Precision, _settings.Device, _settings.Calibration, _log);

    /// <summary>Hands <paramref name="loaded"/> to the inference loop (it takes it between two frames).</summary>
    private void Run(Loaded loaded)
    {
        var size = _settings.SizeFor(loaded.Network.Kind);
        // Said before the loop takes it, so the log reads in order (the loop then says "stylizing at").
        _log($"{loaded.Bank.Styles.Count} styles from {_settings.Styles}; network: {StyleNetworks.Summary(loaded.Network)} at --size {size}, {loaded.Network.Description}");
        _loop!.SwitchTo(loaded.Network, size);
        var first = _current is null;
        _current = loaded;
        if (first) Ready?.Invoke();
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
            loaded = loaded with { Watcher = new StyleBankWatcher(loaded.Bank, StyleRescanInterval, _log) };
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
        Step($"reading the styles in {_settings.Styles}");
        var cache = StyleSignalsCache.For(network, _store.ModelsDirectory, _settings.StyleSize);
        var bank = new StyleBank(_settings.Styles, network, cache, _settings.StyleSize, _log);
        bank.Refresh();
        if (bank.Styles.Count == 0)
            throw new LiveStyleException($"no usable style images in {_settings.Styles}: add PNG or JPEG paintings there, or give --styles DIR");
        return bank;
    }

    private void Step(string what)
    {
        _progress = what + "...";
        _log(what);
    }

    /// <summary>How long <see cref="Dispose"/> waits for a network switch in progress (it may be building a model).</summary>
    private static readonly TimeSpan SwitchStopTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Call after the inference loop has stopped. A preparation or switch still running at exit is left to end with the process.</summary>
    public void Dispose()
    {
        if (_started == 1 && _preparation.IsAlive)
        {
            _log($"exiting while still {_progress.TrimEnd('.')}: it will be done again at the next start");
            return;   // the preparation thread still uses what it opened
        }
        if (_loop is { Stopped: false }) return;   // the inference thread was left inside a frame: its network stays open
        if (_switching is { } switching && !switching.Join(SwitchStopTimeout))
        {
            _log("exiting while still switching the network: it goes on until the process ends");
            return;   // the switch thread still uses what it opened
        }
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
