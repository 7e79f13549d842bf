using OpenCvSharp;

namespace LiveStyle.Core.Sinks.Recording;

/// <summary>OpenCV's VideoWriter (its bundled FFmpeg): mp4v, MJPG and FFV1.</summary>
public sealed class OpenCvVideoEncoder : IVideoEncoder
{
    private readonly VideoWriter _writer;

    public OpenCvVideoEncoder(string path, VideoCodec codec, double fps, int width, int height)
    {
        var fourcc = codec switch
        {
            VideoCodec.Mjpg => FourCC.FromString("MJPG"),
            VideoCodec.Ffv1 => FourCC.FromString("FFV1"),
            _ => FourCC.FromString("mp4v"),
        };
        _writer = new VideoWriter(path, fourcc, fps, new Size(width, height));
        if (!_writer.IsOpened())
        {
            _writer.Dispose();
            throw new LiveStyleException($"cannot record to {path}: the video writer did not open (is the folder writable, and is {codec} supported for {Path.GetExtension(path)}?)");
        }
    }

    public void Write(Mat bgr) => _writer.Write(bgr);

    public void Close() => _writer.Release();

    public void Dispose() => _writer.Dispose();
}
