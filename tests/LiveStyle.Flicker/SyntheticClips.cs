using OpenCvSharp;

namespace LiveStyle.Flicker;

/// <summary>A generated clip: 8-bit BGR frames, and where its moving square is in each (empty when there is none).</summary>
public sealed record SyntheticClip(string Name, IReadOnlyList<Mat> Frames, IReadOnlyList<Rect> Square) : IDisposable
{
    public void Dispose()
    {
        foreach (var frame in Frames) frame.Dispose();
    }
}

/// <summary>
/// Short clips with known motion for measuring flicker, made from one photo with Gaussian sensor
/// noise (a seeded generator, so every run makes the same frames): a still camera, a slow pan,
/// and a still scene crossed by a square.
/// </summary>
public static class SyntheticClips
{
    public static SyntheticClip Still(Mat photo, int width, int height, int frames, double noise, int seed = 1) =>
        Pan(photo, width, height, frames, 0, noise, seed) with { Name = "still camera" };

    /// <summary>The view moves right by <paramref name="pixelsPerFrame"/> (sub-pixel, bilinear) over the photo.</summary>
    public static SyntheticClip Pan(Mat photo, int width, int height, int frames, double pixelsPerFrame, double noise, int seed = 1)
    {
        using var scene = Cover(photo, (int)Math.Ceiling(width + pixelsPerFrame * frames) + 2, height);
        var random = new Random(seed);
        var list = new List<Mat>();
        for (var i = 0; i < frames; i++)
        {
            using var shift = new Mat(2, 3, MatType.CV_64FC1);
            shift.Set(0, 0, 1.0); shift.Set(0, 1, 0.0); shift.Set(0, 2, -pixelsPerFrame * i);
            shift.Set(1, 0, 0.0); shift.Set(1, 1, 1.0); shift.Set(1, 2, 0.0);
            var frame = new Mat();
            Cv2.WarpAffine(scene, frame, shift, new Size(width, height), InterpolationFlags.Linear, BorderTypes.Reflect101);
            AddNoise(frame, noise, random);
            list.Add(frame);
        }
        return new SyntheticClip($"pan {pixelsPerFrame:0.##} px/frame", list, []);
    }

    /// <summary>A still scene that a textured square of side <paramref name="side"/> crosses left to right.</summary>
    public static SyntheticClip MovingSquare(Mat photo, int width, int height, int frames, int side, int pixelsPerFrame, double noise, int seed = 1)
    {
        using var scene = Cover(photo, width, height);
        var random = new Random(seed);
        var list = new List<Mat>();
        var squares = new List<Rect>();
        var top = (height - side) / 2;
        for (var i = 0; i < frames; i++)
        {
            var frame = scene.Clone();
            var square = new Rect(width / 8 + i * pixelsPerFrame, top, side, side);
            // A red square with a dark cross, so it has texture for the flow and a colour of its own.
            frame.Rectangle(square, new Scalar(40, 40, 220), -1);
            frame.Line(square.TopLeft, square.BottomRight - new Point(1, 1), new Scalar(20, 20, 60), Math.Max(1, side / 12));
            frame.Line(new Point(square.Right - 1, square.Top), new Point(square.Left, square.Bottom - 1), new Scalar(20, 20, 60), Math.Max(1, side / 12));
            AddNoise(frame, noise, random);
            list.Add(frame);
            squares.Add(square);
        }
        return new SyntheticClip($"moving square {pixelsPerFrame} px/frame", list, squares);
    }

    /// <summary>The photo scaled to cover width × height and centre-cropped.</summary>
    private static Mat Cover(Mat photo, int width, int height)
    {
        var scale = Math.Max((double)width / photo.Cols, (double)height / photo.Rows);
        using var scaled = new Mat();
        Cv2.Resize(photo, scaled, new Size(Math.Max(width, (int)Math.Ceiling(photo.Cols * scale)), Math.Max(height, (int)Math.Ceiling(photo.Rows * scale))),
            0, 0, InterpolationFlags.Area);
        var x = (scaled.Cols - width) / 2;
        var y = (scaled.Rows - height) / 2;
        return scaled[new Rect(x, y, width, height)].Clone();
    }

    /// <summary>Adds Gaussian noise of standard deviation <paramref name="sigma"/> (0…255 units) to every sample.</summary>
    private static unsafe void AddNoise(Mat frame, double sigma, Random random)
    {
        if (sigma <= 0) return;
        int rows = frame.Rows, columns = frame.Cols;
        for (var y = 0; y < rows; y++)
        {
            var row = new Span<byte>((byte*)frame.Ptr(y), columns * 3);
            for (var i = 0; i < row.Length; i++)
            {
                // Box-Muller.
                var u = 1.0 - random.NextDouble();
                var v = random.NextDouble();
                var n = Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v) * sigma;
                row[i] = (byte)Math.Clamp(Math.Round(row[i] + n), 0, 255);
            }
        }
    }
}
