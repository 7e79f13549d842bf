using OpenCvSharp;

namespace LiveStyle.Core.Sinks.VirtualCamera;

/// <summary>
/// Brings frames of any size to a virtual camera's fixed size keeping their aspect ratio: cropped to
/// fill (centred) or letterboxed, optionally mirrored. The result is a buffer kept between frames.
/// </summary>
public sealed class FrameFitter(Size size, FitMode mode = FitMode.Crop, bool mirror = false) : IDisposable
{
    private readonly Mat _fitted = new(size, MatType.CV_8UC3, Scalar.Black);

    public Size Size { get; } = size;
    public FitMode Mode { get; } = mode;
    public bool Mirror { get; } = mirror;

    /// <summary>The 8-bit BGR picture of <see cref="Size"/>, valid until the next call.</summary>
    public Mat Fit(Mat source)
    {
        if (source.Width == Size.Width && source.Height == Size.Height)
        {
            source.CopyTo(_fitted);
        }
        else if (Mode == FitMode.Crop)
        {
            using var visible = new Mat(source, CropRegion(new Size(source.Width, source.Height), Size));
            Cv2.Resize(visible, _fitted, Size, interpolation: Interpolation(visible.Width));
        }
        else
        {
            _fitted.SetTo(Scalar.Black);
            var region = LetterboxRegion(new Size(source.Width, source.Height), Size);
            using var inside = new Mat(_fitted, region);
            Cv2.Resize(source, inside, region.Size, interpolation: Interpolation(source.Width));
        }
        if (Mirror) Cv2.Flip(_fitted, _fitted, FlipMode.Y);
        return _fitted;
    }

    /// <summary>Area averaging when shrinking (no aliasing), bilinear when enlarging (area would be blocky).</summary>
    private InterpolationFlags Interpolation(int sourceWidth) => sourceWidth > Size.Width ? InterpolationFlags.Area : InterpolationFlags.Linear;

    /// <summary>The centred part of a <paramref name="source"/> picture with the aspect ratio of <paramref name="target"/>.</summary>
    public static Rect CropRegion(Size source, Size target)
    {
        // Compare source.W / source.H with target.W / target.H without rounding.
        if ((long)source.Width * target.Height > (long)target.Width * source.Height)
        {
            var width = Math.Max(1, (int)Math.Round((double)source.Height * target.Width / target.Height));
            return new Rect((source.Width - width) / 2, 0, width, source.Height);
        }
        var height = Math.Max(1, (int)Math.Round((double)source.Width * target.Height / target.Width));
        return new Rect(0, (source.Height - height) / 2, source.Width, height);
    }

    /// <summary>Where a <paramref name="source"/> picture, scaled to fit whole, lies inside <paramref name="target"/>.</summary>
    public static Rect LetterboxRegion(Size source, Size target)
    {
        if ((long)source.Width * target.Height > (long)target.Width * source.Height)
        {
            var height = Math.Max(1, (int)Math.Round((double)target.Width * source.Height / source.Width));
            return new Rect(0, (target.Height - height) / 2, target.Width, height);
        }
        var width = Math.Max(1, (int)Math.Round((double)target.Height * source.Width / source.Height));
        return new Rect((target.Width - width) / 2, 0, width, target.Height);
    }

    public void Dispose() => _fitted.Dispose();
}
