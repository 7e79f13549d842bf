using LiveStyle.Core.Frames;

namespace LiveStyle.Core.Sinks;

/// <summary>
/// The sinks attached to the live view. The consumer of the stylized frames (window or headless
/// loop) offers each new frame here once; every running sink gets its own copy. Sinks can be
/// added and removed while running (hotkeys), from the same thread that offers frames.
/// </summary>
public sealed class SinkSet : IDisposable
{
    private readonly List<SinkRunner> _runners = [];
    private readonly Action<string>? _log;

    public SinkSet(Action<string>? log = null) => _log = log;

    public IReadOnlyList<SinkRunner> Runners => _runners;

    public SinkRunner Add(IFrameSink sink, int queueCapacity = 8)
    {
        var runner = new SinkRunner(sink, queueCapacity, _log);
        _runners.Add(runner);
        _log?.Invoke($"started {sink.Name}");
        return runner;
    }

    public SinkRunner? Find<T>() where T : IFrameSink => _runners.FirstOrDefault(r => r.Sink is T);

    /// <summary>Stops and removes a sink, finalizing its output.</summary>
    public void Remove(SinkRunner runner)
    {
        _runners.Remove(runner);
        runner.Dispose();
        _log?.Invoke($"stopped {runner.Name}: {runner.Written} frames written ({runner.WriteMilliseconds:F1} ms each), {runner.Dropped} dropped{Extra(runner)}{(runner.Error is null ? "" : $" ({runner.Error})")}");
    }

    public void Offer(StylizedFrame frame)
    {
        foreach (var runner in _runners) runner.Offer(frame);
    }

    /// <summary>One line per sink for the overlay, e.g. "REC clip.mkv: 120 written, 0 dropped".</summary>
    public string Describe() =>
        string.Join('\n', _runners.Select(r =>
            $"{r.Name}: {r.Written} written, {r.Dropped} dropped{Extra(r)}{(r.Error is null ? "" : $", STOPPED: {r.Error}")}"));

    private static string Extra(SinkRunner runner) => runner.Sink is IReportsStatistics s ? $"; {s.Statistics}" : "";

    public void Dispose()
    {
        foreach (var runner in _runners.ToArray()) Remove(runner);
    }
}
