using OpenCvSharp;

namespace LiveStyle.Core.Sources;

/// <summary>
/// The built-in animated scene shown when there is no camera: a drifting sunset sky with a sun,
/// two mountain ridges, a perspective checkered ground, bouncing balls, a rotating square and a
/// caption with a frame counter and clock. Frame n always looks the same (the clock is n / fps),
/// so tests can rely on it. Strong edges, gradients and saturated colours make it stylize well.
/// </summary>
public sealed class TestPatternSource : IFrameSource
{
    private readonly Mat _canvas;
    private readonly Mat _skySmall = new(3, 6, MatType.CV_8UC3);
    private readonly Mat _skyRegion;
    private readonly Point[] _square = new Point[4];
    private readonly int _width;
    private readonly int _height;
    private readonly int _horizon;
    private long _next;

    public TestPatternSource(int width = 640, int height = 360, double framesPerSecond = 30)
    {
        if (width < 16 || height < 16) throw new ArgumentOutOfRangeException(nameof(width), $"a test pattern needs at least 16x16 pixels, not {width}x{height}");
        if (!(framesPerSecond > 0 && double.IsFinite(framesPerSecond))) throw new ArgumentOutOfRangeException(nameof(framesPerSecond), "the frame rate must be positive");
        _width = width;
        _height = height;
        _horizon = (int)(height * 0.6);
        FramesPerSecond = framesPerSecond;
        _canvas = new Mat(height, width, MatType.CV_8UC3);
        _skyRegion = new Mat(_canvas, new Rect(0, 0, width, _horizon));
    }

    public string Name => "test pattern";
    public double FramesPerSecond { get; }
    public bool IsLive => false;
    public int Width => _width;
    public int Height => _height;

    /// <summary>Index of the frame the next <see cref="Read"/> renders.</summary>
    public long NextFrameIndex => _next;

    public bool Read(Mat bgr)
    {
        Render(_next++, bgr);
        return true;
    }

    /// <summary>Renders frame <paramref name="frameIndex"/> into <paramref name="bgr"/>; the same index gives the same pixels.</summary>
    public void Render(long frameIndex, Mat bgr)
    {
        var t = frameIndex / FramesPerSecond;
        DrawSky(t);
        DrawSun(t);
        DrawMountains(t);
        DrawGround(t);
        DrawBalls(t);
        DrawSquare(t);
        DrawCaption(frameIndex, t);
        _canvas.CopyTo(bgr);
    }

    public void Dispose()
    {
        _skyRegion.Dispose();
        _skySmall.Dispose();
        _canvas.Dispose();
    }

    // A 6x3 grid of slowly drifting colours, upscaled smoothly: deep blue on top, warm near the horizon.
    private void DrawSky(double t)
    {
        for (var col = 0; col < 6; col++)
        {
            var phase = col * 0.9 + t * 0.25;
            _skySmall.Set(0, col, Hsv(235 + 25 * Math.Sin(phase), 0.75, 0.45 + 0.1 * Math.Sin(phase * 0.7)));
            _skySmall.Set(1, col, Hsv(300 + 30 * Math.Sin(phase + 1.3), 0.55, 0.75));
            _skySmall.Set(2, col, Hsv(25 + 15 * Math.Sin(phase + 2.1), 0.8, 1.0));
        }
        Cv2.Resize(_skySmall, _skyRegion, new Size(_width, _horizon), 0, 0, InterpolationFlags.Cubic);
    }

    // Concentric rings from orange to pale yellow: a banded glow with clear edges.
    private void DrawSun(double t)
    {
        var radius = _height * 0.11;
        var x = _width * (0.15 + 0.7 * Triangle(t / 40));
        var y = _horizon - _height * (0.12 + 0.08 * Math.Sin(t * 0.2));
        var centre = new Point((int)x, (int)y);
        Scalar[] rings = [new(60, 140, 255), new(90, 180, 255), new(140, 220, 255), new(200, 245, 255)];
        for (var i = 0; i < rings.Length; i++)
            Cv2.Circle(_canvas, centre, (int)(radius * (1.6 - 0.2 * i)), rings[i], -1, LineTypes.AntiAlias);
    }

    private unsafe void DrawMountains(double t)
    {
        var step = _canvas.Step();
        var data = (byte*)_canvas.DataPointer;
        for (var x = 0; x < _width; x++)
        {
            var u = (double)x / _width;
            var back = _horizon - _height * (0.16 + 0.06 * Math.Sin(u * 7 + t * 0.05) + 0.03 * Math.Sin(u * 19 + 1 + t * 0.05));
            var front = _horizon - _height * (0.07 + 0.04 * Math.Sin(u * 11 + 2 + t * 0.15) + 0.02 * Math.Sin(u * 29 + t * 0.15));
            for (var y = Math.Max(0, (int)back); y < _horizon; y++)
            {
                var p = data + y * step + x * 3;
                var depth = (y - back) / (_horizon - back + 1);
                if (y >= front)
                    Put(p, 40 + 30 * depth, 70 + 20 * depth, 50);    // near ridge: dark olive
                else
                    Put(p, 120 - 30 * depth, 80 - 20 * depth, 90);   // far ridge: hazy purple
            }
        }
    }

    // Checkered floor in perspective, scrolling towards the viewer, fading into haze at the horizon.
    private unsafe void DrawGround(double t)
    {
        var step = _canvas.Step();
        var data = (byte*)_canvas.DataPointer;
        var groundRows = _height - _horizon;
        for (var y = _horizon; y < _height; y++)
        {
            var d = (y - _horizon + 1.0) / groundRows;
            var distance = 1 / d;
            var v = distance * 1.5 - t * 1.2;
            var fog = Math.Exp(-6 * d);
            // The row's two colours once (fog depends on the row alone), then only which one each pixel takes.
            var row = data + y * step;
            Put(row, 200 + (170 - 200) * fog, 235 + (150 - 235) * fog, 245 + (210 - 245) * fog);
            Put(row + 3, 50 + (170 - 50) * fog, 80 + (150 - 80) * fog, 190 + (210 - 190) * fog);
            byte lightB = row[0], lightG = row[1], lightR = row[2], darkB = row[3], darkG = row[4], darkR = row[5];
            var rowParity = (long)Math.Floor(v);
            for (var x = 0; x < _width; x++)
            {
                var u = (x - _width * 0.5) / _width * distance * 6;
                var p = row + x * 3;
                if ((((long)Math.Floor(u) + rowParity) & 1) == 0)
                {
                    p[0] = lightB; p[1] = lightG; p[2] = lightR;
                }
                else
                {
                    p[0] = darkB; p[1] = darkG; p[2] = darkR;
                }
            }
        }
    }

    private void DrawBalls(double t)
    {
        var radius = _height * 0.07;
        (double Speed, double Phase, Scalar Colour)[] balls =
        [
            (0.13, 0.0, new Scalar(200, 180, 0)),   // teal
            (0.17, 0.4, new Scalar(160, 40, 230)),  // magenta
            (0.11, 0.7, new Scalar(20, 220, 250)),  // yellow
        ];
        foreach (var (speed, phase, colour) in balls)
        {
            var x = radius + (_width - 2 * radius) * Triangle(t * speed + phase);
            var y = radius + (_height - 2 * radius) * Triangle(t * speed * 1.37 + phase * 2.3);
            var centre = new Point((int)x, (int)y);
            Cv2.Circle(_canvas, centre, (int)radius, colour, -1, LineTypes.AntiAlias);
            Cv2.Circle(_canvas, centre, (int)radius, new Scalar(30, 20, 20), Math.Max(2, _height / 120), LineTypes.AntiAlias);
            Cv2.Circle(_canvas, new Point((int)(x - radius * 0.35), (int)(y - radius * 0.35)), (int)(radius * 0.25), new Scalar(250, 250, 250), -1, LineTypes.AntiAlias);
        }
    }

    private void DrawSquare(double t)
    {
        var centre = new Point2d(_width * 0.72, _height * 0.38);
        FillRotatedSquare(centre, _height * 0.13, t * 0.8, new Scalar(40, 90, 240));
        FillRotatedSquare(centre, _height * 0.07, -t * 1.3, new Scalar(240, 200, 60));
    }

    private void FillRotatedSquare(Point2d centre, double halfSide, double angle, Scalar colour)
    {
        for (var i = 0; i < 4; i++)
        {
            var a = angle + i * Math.PI / 2 + Math.PI / 4;
            var r = halfSide * Math.Sqrt(2);
            _square[i] = new Point((int)(centre.X + r * Math.Cos(a)), (int)(centre.Y + r * Math.Sin(a)));
        }
        Cv2.FillConvexPoly(_canvas, _square, colour, LineTypes.AntiAlias);
        for (var i = 0; i < 4; i++)
            Cv2.Line(_canvas, _square[i], _square[(i + 1) % 4], new Scalar(20, 20, 30), Math.Max(2, _height / 150), LineTypes.AntiAlias);
    }

    private void DrawCaption(long frameIndex, double t)
    {
        var scale = _height / 360.0;
        var box = new Rect((int)(10 * scale), (int)(_height - 62 * scale), (int)(250 * scale), (int)(52 * scale));
        Cv2.Rectangle(_canvas, box, new Scalar(35, 25, 25), -1);
        var seconds = (long)t;
        var clock = $"{seconds / 60:00}:{seconds % 60:00}.{(int)((t - seconds) * 100):00}";
        Cv2.PutText(_canvas, "LiveStyle test pattern", new Point(box.X + (int)(8 * scale), box.Y + (int)(21 * scale)),
            HersheyFonts.HersheySimplex, 0.55 * scale, new Scalar(240, 240, 240), Math.Max(1, (int)scale), LineTypes.AntiAlias);
        Cv2.PutText(_canvas, $"frame {frameIndex:000000}  {clock}", new Point(box.X + (int)(8 * scale), box.Y + (int)(43 * scale)),
            HersheyFonts.HersheySimplex, 0.5 * scale, new Scalar(120, 230, 255), Math.Max(1, (int)scale), LineTypes.AntiAlias);
    }

    /// <summary>0 → 1 → 0 once per unit of <paramref name="x"/>: positions that bounce between two edges.</summary>
    private static double Triangle(double x)
    {
        var f = x - Math.Floor(x);
        return f < 0.5 ? 2 * f : 2 - 2 * f;
    }

    private static unsafe void Put(byte* p, double b, double g, double r)
    {
        p[0] = (byte)Math.Clamp(b, 0, 255);
        p[1] = (byte)Math.Clamp(g, 0, 255);
        p[2] = (byte)Math.Clamp(r, 0, 255);
    }

    private static Vec3b Hsv(double hueDegrees, double saturation, double value)
    {
        var h = (hueDegrees % 360 + 360) % 360 / 60;
        var c = value * saturation;
        var x = c * (1 - Math.Abs(h % 2 - 1));
        var (r, g, b) = (int)h switch
        {
            0 => (c, x, 0.0),
            1 => (x, c, 0.0),
            2 => (0.0, c, x),
            3 => (0.0, x, c),
            4 => (x, 0.0, c),
            _ => (c, 0.0, x),
        };
        var m = value - c;
        return new Vec3b((byte)((b + m) * 255), (byte)((g + m) * 255), (byte)((r + m) * 255));
    }
}
