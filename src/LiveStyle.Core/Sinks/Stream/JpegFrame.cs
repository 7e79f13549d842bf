namespace LiveStyle.Core.Sinks.Stream;

/// <summary>
/// One encoded frame. Immutable once published: every client sends the same bytes, so a frame is
/// encoded once however many clients watch.
/// </summary>
public sealed class JpegFrame
{
    public JpegFrame(byte[] bytes, long sequence)
    {
        Bytes = bytes;
        Sequence = sequence;
    }

    public byte[] Bytes { get; }
    public long Sequence { get; }
}
