using System.Globalization;
using LiveStyle.Core.Imaging;
using OpenCvSharp;

namespace LiveStyle.Train.Training;

/// <summary>
/// RUN_DIR/loss.png: total, content and weighted style loss against iterations, log-scaled,
/// smoothed with a moving average (faint raw total behind), drawn with OpenCV.
/// </summary>
public static class LossPlot
{
    public const string FileName = "loss.png";
    private const int Width = 900, Height = 480, Left = 70, Right = 20, Top = 40, Bottom = 50;

    public static void Write(string path, IReadOnlyList<LossRow> rows, double styleWeight, double contentWeight)
    {
        using var canvas = new Mat(Height, Width, MatType.CV_8UC3, Scalar.White);
        var series = new (string Name, double[] Values, Scalar Colour)[]
        {
            ("total", [.. rows.Select(r => r.Total)], new Scalar(40, 40, 40)),
            ($"content x {contentWeight.ToString("G3", CultureInfo.InvariantCulture)}", [.. rows.Select(r => r.Content * contentWeight)], new Scalar(200, 110, 30)),
            ($"style x {styleWeight.ToString("G3", CultureInfo.InvariantCulture)}", [.. rows.Select(r => r.Style * styleWeight)], new Scalar(40, 60, 210)),
        };
        Cv2.PutText(canvas, "AdaIN training loss (log scale, smoothed)", new Point(Left, 25), HersheyFonts.HersheySimplex, 0.6, Scalar.Black, 1, LineTypes.AntiAlias);
        if (rows.Count >= 1)
        {
            var positive = series.SelectMany(s => s.Values).Where(v => v > 0 && double.IsFinite(v)).ToArray();
            var (low, high) = positive.Length > 0 ? (Math.Log10(positive.Min()), Math.Log10(positive.Max())) : (0.0, 1.0);
            if (high - low < 1e-6) (low, high) = (low - 0.5, high + 0.5);
            (low, high) = (low - 0.05 * (high - low), high + 0.05 * (high - low));
            var (first, last) = (rows[0].Iteration, rows[^1].Iteration);
            var span = Math.Max(1, last - first);
            Point At(int iteration, double value) => new(
                Left + (int)Math.Round((double)(iteration - first) / span * (Width - Left - Right)),
                Top + (int)Math.Round((high - Math.Log10(Math.Max(value, 1e-30))) / (high - low) * (Height - Top - Bottom)));

            DrawAxes(canvas, low, high, first, last);
            DrawLine(canvas, rows, series[0].Values, new Scalar(215, 215, 215), At);
            for (var s = 0; s < series.Length; s++)
            {
                DrawLine(canvas, rows, Smooth(series[s].Values, Math.Max(1, rows.Count / 25)), series[s].Colour, At);
                Cv2.PutText(canvas, series[s].Name, new Point(new[] { 540, 620, 770 }[s], 25), HersheyFonts.HersheySimplex, 0.5, series[s].Colour, 1, LineTypes.AntiAlias);
            }
        }
        Cv2.ImEncode(".png", canvas, out var png);
        ImageFile.WriteAtomically(path, png);
    }

    private static void DrawAxes(Mat canvas, double low, double high, int first, int last)
    {
        var axis = new Scalar(120, 120, 120);
        Cv2.Rectangle(canvas, new Point(Left, Top), new Point(Width - Right, Height - Bottom), axis);
        for (var decade = Math.Ceiling(low); decade <= Math.Floor(high); decade++)
        {
            var y = Top + (int)Math.Round((high - decade) / (high - low) * (Height - Top - Bottom));
            Cv2.Line(canvas, new Point(Left, y), new Point(Width - Right, y), new Scalar(235, 235, 235));
            Cv2.PutText(canvas, $"1e{decade:0}", new Point(8, y + 5), HersheyFonts.HersheySimplex, 0.45, axis, 1, LineTypes.AntiAlias);
        }
        Cv2.PutText(canvas, first.ToString(CultureInfo.InvariantCulture), new Point(Left, Height - Bottom + 20), HersheyFonts.HersheySimplex, 0.45, axis, 1, LineTypes.AntiAlias);
        Cv2.PutText(canvas, last.ToString(CultureInfo.InvariantCulture), new Point(Width - Right - 60, Height - Bottom + 20), HersheyFonts.HersheySimplex, 0.45, axis, 1, LineTypes.AntiAlias);
        Cv2.PutText(canvas, "iteration", new Point(Width / 2 - 30, Height - 12), HersheyFonts.HersheySimplex, 0.5, axis, 1, LineTypes.AntiAlias);
    }

    private static void DrawLine(Mat canvas, IReadOnlyList<LossRow> rows, double[] values, Scalar colour, Func<int, double, Point> at)
    {
        if (rows.Count == 1)
        {
            Cv2.Circle(canvas, at(rows[0].Iteration, values[0]), 3, colour, -1, LineTypes.AntiAlias);
            return;
        }
        var points = rows.Select((r, i) => at(r.Iteration, values[i])).ToArray();
        Cv2.Polylines(canvas, [points], isClosed: false, colour, 2, LineTypes.AntiAlias);
    }

    private static double[] Smooth(double[] values, int window)
    {
        var result = new double[values.Length];
        double sum = 0;
        for (var i = 0; i < values.Length; i++)
        {
            sum += values[i];
            if (i >= window) sum -= values[i - window];
            result[i] = sum / Math.Min(i + 1, window);
        }
        return result;
    }
}
