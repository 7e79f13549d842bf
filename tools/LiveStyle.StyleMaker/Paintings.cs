using OpenCvSharp;

namespace LiveStyle.StyleMaker;

/// <summary>Procedural paintings with strong colour and texture: what AdaIN needs from a style image.</summary>
public static class Paintings
{
    private const int Side = 512;

    public static readonly IReadOnlyList<(string Name, int Seed, Func<Random, Mat> Draw)> All =
    [
        ("stained_glass", 11, StainedGlass),
        ("ocean_waves", 23, OceanWaves),
        ("ember_swirls", 37, EmberSwirls),
        ("pointillist_meadow", 41, PointillistMeadow),
        ("cubist_shards", 53, CubistShards),
    ];

    /// <summary>Voronoi cells in jewel colours separated by dark lead lines.</summary>
    private static Mat StainedGlass(Random random)
    {
        Scalar[] palette = [new(140, 30, 20), new(40, 40, 170), new(30, 150, 60), new(20, 170, 220), new(150, 60, 120), new(200, 150, 40)];
        var seeds = Enumerable.Range(0, 70).Select(_ => (X: random.Next(Side), Y: random.Next(Side), Color: palette[random.Next(palette.Length)])).ToArray();
        var image = new Mat(Side, Side, MatType.CV_8UC3);
        for (var y = 0; y < Side; y++)
        {
            for (var x = 0; x < Side; x++)
            {
                double best = double.MaxValue, second = double.MaxValue;
                var bestIndex = 0;
                for (var i = 0; i < seeds.Length; i++)
                {
                    double d = Math.Sqrt((seeds[i].X - x) * (seeds[i].X - x) + (seeds[i].Y - y) * (seeds[i].Y - y));
                    if (d < best) { second = best; best = d; bestIndex = i; }
                    else if (d < second) second = d;
                }
                var c = seeds[bestIndex].Color;
                var shade = 0.75 + 0.25 * Math.Sin(x * 0.05 + y * 0.03 + bestIndex);
                image.At<Vec3b>(y, x) = second - best < 3
                    ? new Vec3b(25, 20, 20)
                    : new Vec3b((byte)(c.Val0 * shade), (byte)(c.Val1 * shade), (byte)(c.Val2 * shade));
            }
        }
        return image;
    }

    /// <summary>Layered wave crests in deep blues with white foam.</summary>
    private static Mat OceanWaves(Random random)
    {
        var image = new Mat(Side, Side, MatType.CV_8UC3, new Scalar(90, 50, 20));
        for (var band = 0; band < 28; band++)
        {
            var baseY = band * Side / 24 - 20;
            var amplitude = 10 + random.Next(25);
            var frequency = 0.01 + random.NextDouble() * 0.02;
            var phase = random.NextDouble() * Math.PI * 2;
            var points = Enumerable.Range(0, Side / 4 + 1)
                .Select(i => new Point(i * 4, baseY + amplitude * Math.Sin(i * 4 * frequency + phase))).ToArray();
            var blue = new Scalar(150 + random.Next(100), 70 + random.Next(80), 10 + random.Next(40));
            Cv2.Polylines(image, [points], false, blue, 9 + random.Next(8), LineTypes.AntiAlias);
            Cv2.Polylines(image, [points.Select(p => new Point(p.X, p.Y - 6)).ToArray()], false, new Scalar(235, 240, 245), 2, LineTypes.AntiAlias);
            foreach (var p in points.Where(_ => random.NextDouble() < 0.15))
                Cv2.Circle(image, new Point(p.X, p.Y - 9), 2 + random.Next(3), new Scalar(250, 250, 250), -1, LineTypes.AntiAlias);
        }
        return image;
    }

    /// <summary>Glowing curved strokes in reds, oranges and yellows on near-black.</summary>
    private static Mat EmberSwirls(Random random)
    {
        var image = new Mat(Side, Side, MatType.CV_8UC3, new Scalar(20, 10, 15));
        for (var stroke = 0; stroke < 260; stroke++)
        {
            var cx = random.Next(Side);
            var cy = random.Next(Side);
            var radius = 15 + random.Next(90);
            var start = random.Next(360);
            var color = new Scalar(random.Next(40), 60 + random.Next(180), 180 + random.Next(75));
            Cv2.Ellipse(image, new Point(cx, cy), new Size(radius, radius * (0.4 + random.NextDouble() * 0.6)), random.Next(180),
                start, start + 60 + random.Next(200), color, 2 + random.Next(6), LineTypes.AntiAlias);
        }
        Cv2.GaussianBlur(image, image, new Size(3, 3), 0);
        return image;
    }

    /// <summary>Dense dots of pure colour: a sky above a flowering meadow.</summary>
    private static Mat PointillistMeadow(Random random)
    {
        var image = new Mat(Side, Side, MatType.CV_8UC3, new Scalar(235, 235, 240));
        for (var dot = 0; dot < 9000; dot++)
        {
            var x = random.Next(Side);
            var y = random.Next(Side);
            var sky = y < Side * 0.45 + 20 * Math.Sin(x * 0.02);
            Scalar color = sky
                ? new Scalar(200 + random.Next(55), 120 + random.Next(100), 40 + random.Next(90))
                : random.NextDouble() < 0.7
                    ? new Scalar(20 + random.Next(60), 110 + random.Next(110), 20 + random.Next(60))
                    : new Scalar(random.Next(80), random.Next(200), 180 + random.Next(75));
            Cv2.Circle(image, new Point(x, y), 2 + random.Next(4), color, -1, LineTypes.AntiAlias);
        }
        return image;
    }

    /// <summary>Overlapping angular planes in ochre, umber and slate with dark outlines.</summary>
    private static Mat CubistShards(Random random)
    {
        Scalar[] palette = [new(60, 140, 190), new(40, 80, 120), new(120, 120, 110), new(90, 170, 210), new(50, 60, 70), new(150, 160, 150)];
        var image = new Mat(Side, Side, MatType.CV_8UC3, new Scalar(70, 110, 140));
        for (var shard = 0; shard < 140; shard++)
        {
            var cx = random.Next(Side);
            var cy = random.Next(Side);
            var corners = 3 + random.Next(2);
            var points = Enumerable.Range(0, corners).Select(i =>
            {
                var angle = (i + random.NextDouble() * 0.6) * 2 * Math.PI / corners;
                var r = 30 + random.Next(70);
                return new Point(cx + r * Math.Cos(angle), cy + r * Math.Sin(angle));
            }).ToArray();
            Cv2.FillPoly(image, [points], palette[random.Next(palette.Length)], LineTypes.AntiAlias);
            Cv2.Polylines(image, [points], true, new Scalar(25, 25, 30), 2, LineTypes.AntiAlias);
        }
        return image;
    }
}
