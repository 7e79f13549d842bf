using System.Buffers.Binary;
using System.Text;

namespace LiveStyle.Core.Sinks.Recording;

/// <summary>
/// Writes raw BGR frames with their timestamps as a minimal Matroska stream (uncompressed video,
/// one cluster per frame, millisecond timestamps), so ffmpeg reading a pipe gets each frame's
/// exact time instead of assuming a constant rate. Only what ffmpeg's demuxer needs: EBML
/// header, a segment of unknown size, Info, one video track, and clusters of known size.
/// </summary>
public sealed class RawMatroskaWriter
{
    private readonly System.IO.Stream _output;
    private readonly int _frameBytes;
    // Cluster head: ID, size, Timecode element (ID, size, 8-byte value), SimpleBlock ID and size, block header.
    private readonly byte[] _clusterHead = new byte[4 + 8 + 1 + 8 + 8 + 1 + 8 + 4];

    public RawMatroskaWriter(System.IO.Stream output, int width, int height)
    {
        _output = output;
        _frameBytes = width * height * 3;
        var video = Element([0xE0], [.. Unsigned([0xB0], (ulong)width), .. Unsigned([0xBA], (ulong)height), .. Element([0x2E, 0xB5, 0x24], "BGR\x18"u8.ToArray())]);
        var track = Element([0xAE], [.. Unsigned([0xD7], 1), .. Unsigned([0x73, 0xC5], 1), .. Unsigned([0x83], 1),
            .. Element([0x86], Encoding.ASCII.GetBytes("V_UNCOMPRESSED")), .. video]);
        byte[] header =
        [
            .. Element([0x1A, 0x45, 0xDF, 0xA3], [.. Unsigned([0x42, 0x86], 1), .. Unsigned([0x42, 0xF7], 1), .. Unsigned([0x42, 0xF2], 4),
                .. Unsigned([0x42, 0xF3], 8), .. Element([0x42, 0x82], Encoding.ASCII.GetBytes("matroska")), .. Unsigned([0x42, 0x87], 4), .. Unsigned([0x42, 0x85], 2)]),
            0x18, 0x53, 0x80, 0x67, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,   // Segment, size unknown (a live stream)
            .. Element([0x15, 0x49, 0xA9, 0x66], Unsigned([0x2A, 0xD7, 0xB1], 1_000_000)),   // Info: timestamps in milliseconds
            .. Element([0x16, 0x54, 0xAE, 0x6B], track),
        ];
        _output.Write(header);

        var blockSize = 4 + _frameBytes;   // track number, relative timecode, flags, pixels
        var clusterSize = 1 + 8 + 8 + 1 + 8 + blockSize;
        var head = _clusterHead.AsSpan();
        ((ReadOnlySpan<byte>)[0x1F, 0x43, 0xB6, 0x75]).CopyTo(head);
        WriteSize(head[4..], clusterSize);
        head[12] = 0xE7;
        WriteSize(head[13..], 8);
        head[29] = 0xA3;
        WriteSize(head[30..], blockSize);
        head[38] = 0x81;   // track 1
        head[39] = 0;      // timecode relative to the cluster: 0
        head[40] = 0;
        head[41] = 0x80;   // keyframe
    }

    /// <summary>Writes one frame (<paramref name="bgr"/> holds exactly width × height × 3 bytes) at <paramref name="milliseconds"/> from the start.</summary>
    public void Write(ReadOnlySpan<byte> bgr, long milliseconds)
    {
        if (bgr.Length != _frameBytes) throw new ArgumentException($"a frame has {_frameBytes} bytes, not {bgr.Length}", nameof(bgr));
        BinaryPrimitives.WriteInt64BigEndian(_clusterHead.AsSpan(21), milliseconds);
        _output.Write(_clusterHead);
        _output.Write(bgr);
    }

    private static void WriteSize(Span<byte> target, long size)
    {
        // An 8-byte EBML size: marker byte 0x01, then 7 bytes of value.
        target[0] = 0x01;
        for (var i = 7; i >= 1; i--, size >>= 8) target[i] = (byte)size;
    }

    private static byte[] Element(byte[] id, byte[] payload)
    {
        var size = new byte[8];
        WriteSize(size, payload.Length);
        return [.. id, .. size, .. payload];
    }

    private static byte[] Unsigned(byte[] id, ulong value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, value);
        return Element(id, bytes);
    }
}
