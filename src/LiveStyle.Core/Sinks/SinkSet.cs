using LiveStyle.Core.Frames;
using LiveStyle.Core.Threading;

namespace LiveStyle.Core.Sinks;

/// <summary>
/// The sinks attached to the live view. The consumer of the stylized frames (window or headless
/// loop) offers each new frame here once; every running sink shares it (no copy). Sinks can be
/// added and removed while running (hotkeys), from the same thread that offers frames. Removing a
/// sink never waits for it: it finishes its file on its own thread (shown as "finishing"), and
/// <see cref="Dispose"/> waits for every one, at most <see cref="SinkRunner.FinishTimeout"/> in all.
/// </summary>
public sealed class SinkSet : IDisposable
{
    private readonly LatestMailbox<StylizedFrame> _frames;
    private readonly List<SinkRunner> _runners = [];
    private readonly List<SinkRunner> _finishing = [];
    private readonly object _finishingGate = new();
    private readonly Action<string>? _log;

    /// <param name="frames">The pool every offered frame comes from (the live pipeline's output).</param>
    public SinkSet(LatestMailbox<StylizedFrame> frames, Action<string>? log = null)
    {
        _frames = frames;
        _log = log;
    }

    public IReadOnlyList<SinkRunner> Runners => _runners;

    /// <summary>Raised (on the sink's thread) when a removed sink has finished, with its runner.</summary>
    public event Action<SinkRunner>? Finished;

    public SinkRunner Add(IFrameSink sink, int queueCapacity = 8)
    {
        var runner = new SinkRunner(sink, _frames, queueCapacity, _log, OnFinished);
        _runners.Add(runner);
        _log?.Invoke($"started {sink.Name}");
        return runner;
    }

    public SinkRunner? Find<T>() where T : IFrameSink => _runners.FirstOrDefault(r => r.Sink is T);

    /// <summary>Removes a sink at once; it finishes its output on its own thread.</summary>
    public void Remove(SinkRunner runner)
    {
        _runners.Remove(runner);
        lock (_finishingGate) _finishing.Add(runner);
        runner.RequestStop();
    }

    public void Offer(StylizedFrame frame)
    {
        foreach (var runner in _runners) runner.Offer(frame);
    }

    /// <summary>One line per sink for the overlay, e.g. "REC clip.mkv: 120 written, 0 dropped".</summary>
    public string Describe()
    {
        var lines = _runners.Select(r =>
            $"{r.Name}: {r.Written} written, {r.Dropped} dropped{Extra(r)}{(r.Error is null ? "" : $", STOPPED: {r.Error}")}");
        lock (_finishingGate)
        {
            _finishing.RemoveAll(r => r.IsFinished);
            return string.Join('\n', lines.Concat(_finishing.Select(r => $"{r.Name}: finishing...")));
        }
    }

    /// <summary>Stops every sink and waits until each has finished, at most <see cref="SinkRunner.FinishTimeout"/> in all.</summary>
    public void Dispose()
    {
        foreach (var runner in _runners.ToArray()) Remove(runner);
        SinkRunner[] pending;
        lock (_finishingGate) pending = [.. _finishing];
        if (pending.Any(r => !r.IsFinished)) _log?.Invoke("finishing the outputs...");
        var deadline = DateTime.UtcNow + SinkRunner.FinishTimeout;
        foreach (var runner in pending)
        {
            var left = deadline - DateTime.UtcNow;
            if (!runner.Stop(left > TimeSpan.Zero ? left : TimeSpan.Zero))
                _log?.Invoke($"{runner.Name} did not finish within {SinkRunner.FinishTimeout.TotalSeconds:0} s: leaving it behind");
        }
    }

    private void OnFinished(SinkRunner runner)
    {
        _log?.Invoke($"stopped {runner.Name}: {runner.Written} frames written ({runner.WriteMilliseconds:F1} ms each), {runner.Dropped} dropped{Extra(runner)}{(runner.Error is null ? "" : $" ({runner.Error})")}");
        Finished?.Invoke(runner);
    }

    private static string Extra(SinkRunner runner) => runner.Sink is IReportsStatistics s ? $"; {s.Statistics}" : "";
}
