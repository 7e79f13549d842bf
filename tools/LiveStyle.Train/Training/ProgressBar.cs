using System.Globalization;

namespace LiveStyle.Train.Training;

/// <summary>
/// One status line: iteration, a bar, losses, seconds per iteration and the time left. On a
/// terminal it redraws in place; otherwise (a log file, a test) it prints a line every so often.
/// </summary>
public sealed class ProgressBar(TextWriter writer, bool interactive, int start, int total)
{
    private const int BarWidth = 24;
    private readonly int _printEvery = Math.Max(1, (total - start) / 20);
    private double _secondsPerIteration = double.NaN;
    private int _lastLength;

    public void Report(LossRow row)
    {
        // Smooth the per-iteration time so the ETA does not jump with every batch.
        _secondsPerIteration = double.IsNaN(_secondsPerIteration) ? row.Seconds : 0.9 * _secondsPerIteration + 0.1 * row.Seconds;
        var done = (double)row.Iteration / total;
        var filled = (int)Math.Round(done * BarWidth);
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{row.Iteration}/{total} [{new string('#', filled)}{new string('.', BarWidth - filled)}] " +
            $"loss {row.Total:G4} (content {row.Content:G4}, style {row.Style:G4}) lr {row.LearningRate:G3} " +
            $"{_secondsPerIteration:F2} s/it ETA {FormatDuration(_secondsPerIteration * (total - row.Iteration))}");
        if (interactive)
        {
            writer.Write("\r" + line.PadRight(_lastLength));
            _lastLength = line.Length;
        }
        else if ((row.Iteration - start) % _printEvery == 0 || row.Iteration == total) writer.WriteLine(line);
    }

    public void Finish()
    {
        if (interactive) writer.WriteLine();
    }

    public static string FormatDuration(double seconds)
    {
        if (!double.IsFinite(seconds) || seconds < 0) return "?";
        var t = TimeSpan.FromSeconds(Math.Round(seconds));
        return t.TotalDays >= 1 ? $"{(int)t.TotalDays}d {t:hh\\:mm\\:ss}" : t.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);
    }
}
