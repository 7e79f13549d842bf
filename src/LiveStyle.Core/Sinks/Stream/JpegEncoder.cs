using OpenCvSharp;

namespace LiveStyle.Core.Sinks.Stream;

/// <summary>Encodes 8-bit BGR (or grey) Mats as JPEG at a fixed quality.</summary>
public sealed class JpegEncoder
{
    private readonly int[] _parameters;

    public JpegEncoder(int quality)
    {
        if (quality is < 1 or > 100) throw new LiveStyleException($"JPEG quality {quality} is out of range: use 1 to 100");
        Quality = quality;
        _parameters = [(int)ImwriteFlags.JpegQuality, quality];
    }

    public int Quality { get; }

    /// <summary>
    /// The JPEG bytes of <paramref name="image"/>. OpenCvSharp's public encoder returns a new array;
    /// that array is the frame shared by all clients, so nothing is copied after it.
    /// </summary>
    public byte[] Encode(Mat image)
    {
        if (image.Empty()) throw new ArgumentException("the image to encode is empty", nameof(image));
        if (image.Depth() != MatType.CV_8U) throw new ArgumentException($"JPEG needs an 8-bit image, not {image.Type()}", nameof(image));
        if (!Cv2.ImEncode(".jpg", image, out var bytes, _parameters))
            throw new InvalidOperationException($"OpenCV could not encode a {image.Width}x{image.Height} image as JPEG");
        return bytes;
    }
}
