using LiveStyle.Core;
using LiveStyle.Core.Inference;
using LiveStyle.Core.Models;
using LiveStyle.Core.Styling;

namespace LiveStyle.App.Live;

/// <summary>
/// Prepares what the live view needs besides the camera on a background thread, while the window
/// already shows the camera: the style encoder and the style bank, then the stylizer. When int8
/// still has to be calibrated (about a minute, once per weights and calibration set), an fp32
/// stylizer is offered first and int8 replaces it live when its build is done. Each step is
/// logged and shown in <see cref="Progress"/>; a failure is kept in <see cref="Failure"/> and
/// ends the live view with its message.
/// </summary>
public sealed class LiveStartup : IDisposable
{
    private static readonly TimeSpan StyleRescanInterval = TimeSpan.FromSeconds(2);

    private readonly LiveOptions _options;
    private readonly ModelStore _store;
    private readonly HotSwap<Stylizer> _stylizers;
    private readonly LiveLog _log;
    private readonly Thread _thread;
    private volatile StyleBank? _bank;
    private volatile string _progress = "preparing the models...";
    private volatile LiveStyleException? _failure;
    private StyleEncoder? _encoder;
    private StyleBankWatcher? _watcher;
    private int _started;

    public LiveStartup(LiveOptions options, ModelStore store, HotSwap<Stylizer> stylizers, LiveLog log)
    {
        _options = options;
        _store = store;
        _stylizers = stylizers;
        _log = log;
        _thread = new Thread(Run) { Name = "model preparation", IsBackground = true, Priority = ThreadPriority.BelowNormal };
    }

    /// <summary>The styles loaded so far (none until the bank is ready); safe from any thread.</summary>
    public IReadOnlyList<StyleEntry> Styles => _bank?.Styles ?? [];

    /// <summary>What is being prepared now, for the overlay; empty when everything is ready.</summary>
    public string Progress => _progress;

    /// <summary>Why the live view cannot go on (no weights, no usable style), or null.</summary>
    public LiveStyleException? Failure => _failure;

    /// <summary>Starts the preparation (once; later calls do nothing).</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0) _thread.Start();
    }

    private void Run()
    {
        try
        {
            Prepare();
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

    private void Prepare()
    {
        Step("preparing the style encoder");
        var encoderPath = _store.GetOrBuild(ModelKind.StyleEncoder, _log.Write);
        _encoder = new StyleEncoder(encoderPath, _options.Device, _log.Write);

        Step($"reading the styles in {_options.Styles}");
        var cache = new StyleStatisticsCache(Path.Combine(_store.ModelsDirectory, "cache", "styles"), Path.GetFileNameWithoutExtension(encoderPath), _options.StyleSize);
        var bank = new StyleBank(_options.Styles, _encoder, cache, _options.StyleSize, _log.Write);
        bank.Refresh();
        if (bank.Styles.Count == 0)
            throw new LiveStyleException($"no usable style images in {_options.Styles}: add PNG or JPEG paintings there, or give --styles DIR");
        _bank = bank;
        _log.Write($"{bank.Styles.Count} styles from {_options.Styles}");
        _watcher = new StyleBankWatcher(bank, StyleRescanInterval, _log.Write);

        var interim = false;
        if (StylizerModel.Int8NeedsBuilding(_store, _options.Precision, _options.Device, _options.Calibration))
        {
            Step("preparing the fp32 stylizer");
            var fp32 = new Stylizer(_store.GetOrBuild(ModelKind.Stylizer, _log.Write), _options.Device, _log.Write);
            Offer(fp32, Precision.Fp32, "fp32 while int8 is calibrated");
            interim = true;
            Step("calibrating the int8 stylizer (once, about a minute): fp32 meanwhile");
        }
        else
        {
            Step("preparing the stylizer");
        }
        var model = StylizerModel.Locate(_store, _options.Precision, _options.Device, _options.Calibration, _log.Write);
        if (interim && model.Precision == Precision.Fp32)
        {
            _log.Write($"staying with {model.Description}");
            return;
        }
        Offer(new Stylizer(model.Path, _options.Device, _log.Write), model.Precision, model.Description);
    }

    private void Offer(Stylizer stylizer, Precision precision, string why)
    {
        _log.Write($"inference on {stylizer.DeviceName} at --size {_options.Size}, {why}");
        _stylizers.Offer(stylizer, $"{stylizer.DeviceName} {PrecisionChoice.Name(precision)}");
    }

    private void Step(string what)
    {
        _progress = what + "...";
        _log.Write(what);
    }

    /// <summary>Stops the style watcher; if a build is still running at exit it is left to end with the process.</summary>
    public void Dispose()
    {
        if (_started == 1 && _thread.IsAlive)
        {
            _log.Write($"exiting while still {_progress.TrimEnd('.')}: it will be done again at the next start");
            return;   // the preparation thread still uses the encoder and may still start the watcher
        }
        _watcher?.Dispose();
        _encoder?.Dispose();
    }
}
