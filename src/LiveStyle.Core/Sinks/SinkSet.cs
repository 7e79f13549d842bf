using LiveStyle.Core.Frames;

namespace LiveStyle.Core.Sinks;

/// <summary>
/// The sinks attached to the live view. The consumer of the stylized frames (window or headless
/// loop) offers each new frame here once; every running sink gets its own copy. Sinks can be
/// added and removed while running (hotkeys), from the same thread that offers frames. Removing a
/// sink never waits for it: it finishes its file on a background task (shown as "finishing"), and
/// <see cref="Dispose"/> waits for every such task, so nothing is cut short at exit.
/// </summary>
public sealed class SinkSet : IDisposable
{
    private readonly List<SinkRunner> _runners = [];
    private readonly List<(SinkRunner Runner, Task Done)> _finishing = [];
    private readonly object _finishingGate = new();
    private readonly Action<string>? _log;

    public SinkSet(Action<string>? log = null) => _log = log;

    public IReadOnlyList<SinkRunner> Runners => _runners;

    /// <summary>Raised (on a background thread) when a removed sink has finished, with its runner.</summary>
    public event Action<SinkRunner>? Finished;

    public SinkRunner Add(IFrameSink sink, int queueCapacity = 8)
    {
        var runner = new SinkRunner(sink, queueCapacity, _log);
        _runners.Add(runner);
        _log?.Invoke($"started {sink.Name}");
        return runner;
    }

    public SinkRunner? Find<T>() where T : IFrameSink => _runners.FirstOrDefault(r => r.Sink is T);

    /// <summary>Removes a sink at once and lets it finish its output on a background task.</summary>
    public void Remove(SinkRunner runner)
    {
        _runners.Remove(runner);
        var done = Task.Run(() =>
        {
            try
            {
                runner.Dispose();
                _log?.Invoke($"stopped {runner.Name}: {runner.Written} frames written ({runner.WriteMilliseconds:F1} ms each), {runner.Dropped} dropped{Extra(runner)}{(runner.Error is null ? "" : $" ({runner.Error})")}");
                Finished?.Invoke(runner);
            }
            catch (Exception e)
            {
                _log?.Invoke($"stopping {runner.Name} failed: {e.Message}");
            }
        });
        lock (_finishingGate) _finishing.Add((runner, done));
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
            _finishing.RemoveAll(f => f.Done.IsCompleted);
            return string.Join('\n', lines.Concat(_finishing.Select(f => $"{f.Runner.Name}: finishing...")));
        }
    }

    private static string Extra(SinkRunner runner) => runner.Sink is IReportsStatistics s ? $"; {s.Statistics}" : "";

    /// <summary>Stops every sink and waits until each has finished (each runner bounds its own wait).</summary>
    public void Dispose()
    {
        foreach (var runner in _runners.ToArray()) Remove(runner);
        Task[] pending;
        lock (_finishingGate) pending = _finishing.Select(f => f.Done).ToArray();
        if (pending.Any(t => !t.IsCompleted)) _log?.Invoke("finishing the outputs...");
        Task.WaitAll(pending);
    }
}
