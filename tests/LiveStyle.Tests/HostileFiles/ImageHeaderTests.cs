using LiveStyle.Core.Imaging;
using NUnit.Framework;
using OpenCvSharp;

namespace LiveStyle.Tests.HostileFiles;

public class ImageHeaderTests
{
    /// <summary>The size read from the header is the size OpenCV decodes, for every format OpenCV writes here.</summary>
    [TestCase(".png")]
    [TestCase(".jpg")]
    [TestCase(".bmp")]
    [TestCase(".webp")]
    [TestCase(".tiff")]
    [TestCase(".ppm")]
    [TestCase(".pgm")]
    [TestCase(".pbm")]
    [TestCase(".jp2")]
    public void ReadsTheSizeOpenCvDecodes(string extension)
    {
        using var image = new Mat(37, 53, MatType.CV_8UC3, new Scalar(20, 90, 200));
        Cv2.Circle(image, new Point(20, 15), 9, new Scalar(250, 250, 250), -1);
        using var gray = image.CvtColor(ColorConversionCodes.BGR2GRAY);
        Assert.That(Cv2.ImEncode(extension, extension is ".pgm" or ".pbm" ? gray : image, out var bytes), Is.True);
        using var decoded = Cv2.ImDecode(bytes, ImreadModes.Color);
        Assert.That((decoded.Width, decoded.Height), Is.EqualTo((53, 37)), "OpenCV round trip");

        var size = ImageHeader.TryReadSize(bytes);
        Assert.That(size, Is.Not.Null);
        Assert.That((size!.Value.Width, size.Value.Height), Is.EqualTo((53L, 37L)));
    }

    [Test]
    public void ReadsTheDeclaredSizeOfBombs()
    {
        Assert.That(ImageHeader.TryReadSize(BombFiles.Png(40000, 40000)), Is.EqualTo(("PNG", 40000L, 40000L)));
        Assert.That(ImageHeader.TryReadSize(BombFiles.Jpeg(65000, 65000)), Is.EqualTo(("JPEG", 65000L, 65000L)));
        Assert.That(ImageHeader.TryReadSize(BombFiles.Bmp(30000, -30000)), Is.EqualTo(("BMP", 30000L, 30000L)));
    }

    [Test]
    public void CutShortOrUnknownHeadersHaveNoSize()
    {
        var png = BombFiles.Png(10, 10);
        Assert.That(ImageHeader.TryReadSize(png.AsSpan(0, 20)), Is.Null);
        Assert.That(ImageHeader.TryReadSize(BombFiles.Jpeg(10, 10).AsSpan(0, 12)), Is.Null);
        Assert.That(ImageHeader.TryReadSize("this is text"u8), Is.Null);
        Assert.That(ImageHeader.TryReadSize([]), Is.Null);
    }
}
