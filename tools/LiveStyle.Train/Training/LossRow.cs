using System.Globalization;

namespace LiveStyle.Train.Training;

/// <summary>One line of log.csv: the losses of one iteration (1-based) and its timing.</summary>
public sealed record LossRow(int Iteration, double LearningRate, double Content, double Style, double Total, double Seconds)
{
    public const string Header = "iteration,learning_rate,content_loss,style_loss,total_loss,seconds";

    public string ToCsv() => string.Join(',',
        Iteration.ToString(CultureInfo.InvariantCulture), LearningRate.ToString("G6", CultureInfo.InvariantCulture),
        Content.ToString("G7", CultureInfo.InvariantCulture), Style.ToString("G7", CultureInfo.InvariantCulture),
        Total.ToString("G7", CultureInfo.InvariantCulture), Seconds.ToString("F4", CultureInfo.InvariantCulture));

    public static LossRow? Parse(string line)
    {
        var parts = line.Split(',');
        if (parts.Length != 6 || !int.TryParse(parts[0], CultureInfo.InvariantCulture, out var iteration)) return null;
        var values = new double[5];
        for (var i = 0; i < 5; i++)
            if (!double.TryParse(parts[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i])) return null;
        return new LossRow(iteration, values[0], values[1], values[2], values[3], values[4]);
    }
}
