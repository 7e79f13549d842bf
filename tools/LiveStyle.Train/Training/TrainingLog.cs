using LiveStyle.Core;

namespace LiveStyle.Train.Training;

/// <summary>
/// RUN_DIR/log.csv, one row per iteration, flushed as it goes. On resume, rows past the
/// checkpoint (iterations that will run again) are dropped first.
/// </summary>
public sealed class TrainingLog : IDisposable
{
    public const string FileName = "log.csv";
    private readonly StreamWriter _writer;
    private readonly List<LossRow> _rows;

    public IReadOnlyList<LossRow> Rows => _rows;

    public TrainingLog(string runDirectory, int resumeIteration)
    {
        var path = Path.Combine(runDirectory, FileName);
        try
        {
            _rows = File.Exists(path)
                ? [.. File.ReadLines(path).Skip(1).Select(LossRow.Parse).OfType<LossRow>().Where(r => r.Iteration <= resumeIteration)]
                : [];
            File.WriteAllLines(path, [LossRow.Header, .. _rows.Select(r => r.ToCsv())]);
            _writer = new StreamWriter(path, append: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LiveStyleException($"cannot write {path}: {e.Message}", e);
        }
    }

    public void Add(LossRow row)
    {
        _rows.Add(row);
        _writer.WriteLine(row.ToCsv());
        _writer.Flush();
    }

    public void Dispose() => _writer.Dispose();
}
