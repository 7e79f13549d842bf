using LiveStyle.Core.Imaging;
using OpenCvSharp;

namespace LiveStyle.Core.Sources;

/// <summary>One image, repeated at 30 frames per second (so style changes show live).</summary>
public sealed class StillImageSource : IFrameSource
{
    private readonly Mat _image;

    public StillImageSource(string path)
    {
        _image = ImageFile.ReadBgr(path, "image");
        Name = Path.GetFileName(path);
    }

    public string Name { get; }
    public double FramesPerSecond => 30;
    public bool IsLive => false;
    public int Width => _image.Width;
    public int Height => _image.Height;

    public bool Read(Mat bgr)
    {
        _image.CopyTo(bgr);
        return true;
    }

    public void Dispose() => _image.Dispose();
}
