using System.IO.MemoryMappedFiles;

namespace LiveStyle.Tests.VirtualCamera;

/// <summary>Reads the queue the way OBS's DirectShow filter does: header fields, then the slot read_idx % 3 names.</summary>
public sealed class ObsQueueReader(MemoryMappedViewAccessor view)
{
    public uint WriteIndex => view.ReadUInt32(0);
    public uint ReadIndex => view.ReadUInt32(4);
    public uint State => view.ReadUInt32(8);
    public uint[] Offsets => [view.ReadUInt32(12), view.ReadUInt32(16), view.ReadUInt32(20)];
    public uint Type => view.ReadUInt32(24);
    public uint Width => view.ReadUInt32(28);
    public uint Height => view.ReadUInt32(32);
    public ulong Interval => view.ReadUInt64(40);

    public (ulong Timestamp, byte[] Nv12) Latest()
    {
        var offset = Offsets[ReadIndex % 3];
        var frame = new byte[Width * Height * 3 / 2];
        view.ReadArray(offset + 32, frame, 0, frame.Length);
        return (view.ReadUInt64(offset), frame);
    }

    public byte[] Bytes(long offset, int count)
    {
        var bytes = new byte[count];
        view.ReadArray(offset, bytes, 0, count);
        return bytes;
    }
}
