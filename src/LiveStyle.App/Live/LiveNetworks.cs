using LiveStyle.Core;
using LiveStyle.Core.Models;
using LiveStyle.Core.Networks;
using LiveStyle.Core.Pipeline;
using LiveStyle.Core.Styling;

namespace LiveStyle.App.Live;

/// <summary>
/// The live view's networks: the one running and, once the user switches, the other — each with
/// its own style bank (that network's signals, cached on disk per network) and folder watcher.
/// A switch opens (and on first use builds) the other network off the UI thread; the inference
/// thread takes it between two frames. Both stay open, so switching back is instant.
/// </summary>
public sealed class LiveNetworks : IDisposable
{
    private static readonly TimeSpan StyleRescanInterval = TimeSpan.FromSeconds(2);

    private readonly object _gate = new();
    private readonly Dictionary<StyleNetworkKind, Loaded> _loaded = [];
    private readonly ModelStore _store;
    private readonly LiveOptions _options;
    private readonly LiveLog _log;
    private volatile Loaded _current;
    private StylizeLoop? _loop;
    private Task _switching = Task.CompletedTask;

    public LiveNetworks(ModelStore store, LiveOptions options, LiveLog log)
    {
        _store = store;
        _options = options;
        _log = log;
        _current = LoadStartNetwork();
    }

    public IStyleNetwork Current => _current.Network;
    /// <summary>The current network's styles (what the style controller cycles through).</summary>
    public IReadOnlyList<StyleEntry> Styles => _current.Bank.Styles;
    public InferenceSize CurrentSize => _options.SizeFor(Current.Kind);
    public bool Switching => !_switching.IsCompleted;

    /// <summary>The inference loop that switches run on.</summary>
    public void Attach(StylizeLoop loop) => _loop = loop;

    /// <summary>Starts switching to the other network (UI thread; returns at once). A second press while one runs is ignored.</summary>
    public void SwitchToOther()
    {
        if (_loop is null) throw new InvalidOperationException("no inference loop attached");
        if (Switching)
        {
            _log.Write("still switching the network");
            return;
        }
        var target = StyleNetworkChoice.Other(Current.Kind);
        _log.Write($"switching to the {StyleNetworkChoice.Name(target)} network...");
        var loop = _loop;
        _switching = Task.Run(() =>
        {
            try
            {
                var next = Load(target);
                var size = _options.SizeFor(target);
                loop.SwitchTo(next.Network, size);
                _current = next;
                _log.Write($"network: {StyleNetworks.Summary(next.Network)} at --size {size}, {next.Network.Description}");
            }
            catch (Exception e)
            {
                // Keep running on the current network; say why the other one is not available.
                _log.Write($"cannot switch to the {StyleNetworkChoice.Name(target)} network: {e.Message}");
            }
        });
    }

    /// <summary>
    /// The --network, else the default; a default fast network that cannot be opened (no MicroAST
    /// weights in the weights folder, say) falls back to AdaIN with the reason in the log.
    /// </summary>
    private Loaded LoadStartNetwork()
    {
        var kind = _options.StartNetwork;
        if (_options.Network is not null || kind != StyleNetworkKind.Fast) return Load(kind);
        IStyleNetwork network;
        try
        {
            network = Open(kind);
        }
        catch (LiveStyleException e)
        {
            _log.Write($"the fast network is not available ({e.Message}); using adain");
            return Load(StyleNetworkKind.AdaIn);
        }
        return Load(kind, network);
    }

    private IStyleNetwork Open(StyleNetworkKind kind) =>
        StyleNetworks.Open(kind, _store, _options.Precision, _options.Device, _options.Calibration, _log.Write);

    /// <summary>The network with its style bank and watcher, opened on first use (or taking <paramref name="opened"/>).</summary>
    private Loaded Load(StyleNetworkKind kind, IStyleNetwork? opened = null)
    {
        lock (_gate)
        {
            if (_loaded.TryGetValue(kind, out var known)) return known;
            var network = opened ?? Open(kind);
            try
            {
                var cache = StyleSignalsCache.For(network, _store.ModelsDirectory, _options.StyleSize);
                var bank = new StyleBank(_options.Styles, network, cache, _options.StyleSize, _log.Write);
                bank.Refresh();
                if (bank.Styles.Count == 0)
                    throw new LiveStyleException($"no usable style images in {_options.Styles}: add PNG or JPEG paintings there, or give --styles DIR");
                var loaded = new Loaded(network, bank, new StyleBankWatcher(bank, StyleRescanInterval, _log.Write));
                _loaded[kind] = loaded;
                return loaded;
            }
            catch
            {
                network.Dispose();
                throw;
            }
        }
    }

    /// <summary>Call after the inference loop has stopped.</summary>
    public void Dispose()
    {
        try { _switching.Wait(); } catch (AggregateException) { }
        lock (_gate)
        {
            foreach (var loaded in _loaded.Values)
            {
                loaded.Watcher.Dispose();
                loaded.Network.Dispose();
            }
            _loaded.Clear();
        }
    }

    private sealed record Loaded(IStyleNetwork Network, StyleBank Bank, StyleBankWatcher Watcher);
}
