using LiveStyle.Core.Frames;

namespace LiveStyle.Core.Sinks.Stream;

/// <summary>
/// Streams the stylized video as MJPEG over HTTP (see <see cref="MjpegStreamServer"/>). Each
/// frame is encoded once on the sink's thread and shared by every client.
/// </summary>
public sealed class MjpegStreamSink : IFrameSink
{
    private readonly JpegEncoder _encoder;

    /// <summary>Starts listening at once, so a port in use is reported before the live view starts.</summary>
    /// <exception cref="LiveStyleException">The port is out of range, in use, or not allowed; or the quality is out of range.</exception>
    public MjpegStreamSink(int port, MjpegStreamOptions? options = null, Action<string>? log = null)
    {
        options ??= new MjpegStreamOptions();
        _encoder = new JpegEncoder(options.JpegQuality);
        Server = new MjpegStreamServer(port, options, log);
    }

    public MjpegStreamServer Server { get; }
    public int Port => Server.Port;
    public string Name => $"stream {Server.Url}";

    public void Write(StylizedFrame frame) => Server.Publish(new JpegFrame(_encoder.Encode(frame.Stylized), frame.Sequence));

    public void Complete() => Server.Stop();

    public void Dispose() => Server.Stop();
}
