using System.Buffers.Binary;
using System.Text;

namespace LiveStyle.Core.Imaging;

/// <summary>
/// Reads an image's width and height from its header, without decoding it, for the formats
/// OpenCV decodes here: PNG, JPEG, BMP, WebP, TIFF (and BigTIFF), GIF, PBM/PGM/PPM and JPEG 2000.
/// OpenCV allocates the whole image from these numbers before it reads any pixel, so they are
/// checked first (see <see cref="ImageFile"/>).
/// </summary>
public static class ImageHeader
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] JpegSignature = [0xFF, 0xD8];
    private static readonly byte[] Jp2Signature = [0, 0, 0, 0x0C, (byte)'j', (byte)'P', (byte)' ', (byte)' '];
    private static readonly byte[] J2kSignature = [0xFF, 0x4F, 0xFF, 0x51];

    /// <summary>The format's name and size, or null when the bytes start like none of these formats or the header is cut short.</summary>
    public static (string Format, long Width, long Height)? TryReadSize(ReadOnlySpan<byte> data)
    {
        try
        {
            if (data.StartsWith(PngSignature)) return Png(data);
            if (data.StartsWith(JpegSignature)) return Jpeg(data);
            if (data.StartsWith("BM"u8)) return Bmp(data);
            if (data.StartsWith("RIFF"u8) && data.Length >= 12 && data[8..12].SequenceEqual("WEBP"u8)) return WebP(data);
            if (data.StartsWith("II"u8) || data.StartsWith("MM"u8)) return Tiff(data);
            if (data.StartsWith("GIF87a"u8) || data.StartsWith("GIF89a"u8))
                return ("GIF", BinaryPrimitives.ReadUInt16LittleEndian(data[6..]), BinaryPrimitives.ReadUInt16LittleEndian(data[8..]));
            if (data.Length >= 2 && data[0] == 'P' && data[1] is >= (byte)'1' and <= (byte)'6') return Pnm(data);
            if (data.StartsWith(Jp2Signature)) return Jp2(data);
            if (data.StartsWith(J2kSignature)) return J2kCodestream(data);
            return null;
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or IndexOutOfRangeException)
        {
            return null; // the header ends before the size
        }
    }

    private static (string, long, long)? Png(ReadOnlySpan<byte> data) =>
        data[12..16].SequenceEqual("IHDR"u8)
            ? ("PNG", BinaryPrimitives.ReadUInt32BigEndian(data[16..]), BinaryPrimitives.ReadUInt32BigEndian(data[20..]))
            : null;

    private static (string, long, long)? Jpeg(ReadOnlySpan<byte> data)
    {
        var at = 2;
        while (true)
        {
            if (data[at] != 0xFF) return null;
            while (data[at] == 0xFF) at++; // fill bytes
            var marker = data[at++];
            if (marker is >= 0xD0 and <= 0xD7 or 0x01) continue; // no length
            if (marker is 0xD9 or 0xDA) return null; // end of image or scan data before any frame header
            var length = BinaryPrimitives.ReadUInt16BigEndian(data[at..]);
            // SOF0…SOF15 except DHT (C4), JPG (C8) and DAC (CC): precision, then height, then width.
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
                return ("JPEG", BinaryPrimitives.ReadUInt16BigEndian(data[(at + 5)..]), BinaryPrimitives.ReadUInt16BigEndian(data[(at + 3)..]));
            if (length < 2) return null;
            at += length;
        }
    }

    private static (string, long, long)? Bmp(ReadOnlySpan<byte> data)
    {
        var infoSize = BinaryPrimitives.ReadUInt32LittleEndian(data[14..]);
        if (infoSize == 12)
            return ("BMP", BinaryPrimitives.ReadUInt16LittleEndian(data[18..]), BinaryPrimitives.ReadUInt16LittleEndian(data[20..]));
        // The height is negative for top-down rows.
        return ("BMP", Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(data[18..])), Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(data[22..])));
    }

    private static (string, long, long)? WebP(ReadOnlySpan<byte> data)
    {
        var chunk = data[12..16];
        if (chunk.SequenceEqual("VP8 "u8))
            return ("WebP", BinaryPrimitives.ReadUInt16LittleEndian(data[26..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(data[28..]) & 0x3FFF);
        if (chunk.SequenceEqual("VP8L"u8))
        {
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(data[21..]);
            return ("WebP", (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1);
        }
        if (chunk.SequenceEqual("VP8X"u8))
            return ("WebP", UInt24(data[24..]) + 1, UInt24(data[27..]) + 1);
        return null;
    }

    private static long UInt24(ReadOnlySpan<byte> b) => b[0] | (b[1] << 8) | (b[2] << 16);

    private static (string, long, long)? Tiff(ReadOnlySpan<byte> data)
    {
        var little = data[0] == 'I';
        ulong U16(ReadOnlySpan<byte> d, int at) => little ? BinaryPrimitives.ReadUInt16LittleEndian(d[at..]) : BinaryPrimitives.ReadUInt16BigEndian(d[at..]);
        ulong U32(ReadOnlySpan<byte> d, int at) => little ? BinaryPrimitives.ReadUInt32LittleEndian(d[at..]) : BinaryPrimitives.ReadUInt32BigEndian(d[at..]);
        ulong U64(ReadOnlySpan<byte> d, int at) => little ? BinaryPrimitives.ReadUInt64LittleEndian(d[at..]) : BinaryPrimitives.ReadUInt64BigEndian(d[at..]);

        var version = U16(data, 2);
        var big = version == 43;
        if (version != 42 && !big) return null;
        var ifd = big ? U64(data, 8) : U32(data, 4);
        if (ifd > (ulong)data.Length) return null;
        var at = (int)ifd;
        var count = big ? U64(data, at) : U16(data, at);
        at += big ? 8 : 2;
        var entrySize = big ? 20 : 12;
        long width = -1, height = -1;
        for (ulong i = 0; i < count && (width < 0 || height < 0); i++, at += entrySize)
        {
            var tag = U16(data, at);
            if (tag is not (256 or 257)) continue;
            var type = U16(data, at + 2);
            var valueAt = at + (big ? 12 : 8);
            ulong value = type switch
            {
                3 => U16(data, valueAt),
                4 => U32(data, valueAt),
                16 when big => U64(data, valueAt),
                _ => ulong.MaxValue,
            };
            var v = value > long.MaxValue ? long.MaxValue : (long)value;
            if (tag == 256) width = v; else height = v;
        }
        return width < 0 || height < 0 ? null : ("TIFF", width, height);
    }

    /// <summary>P1…P6: the magic, then width and height as decimals, separated by whitespace and # comments.</summary>
    private static (string, long, long)? Pnm(ReadOnlySpan<byte> data)
    {
        var at = 2;
        long Number(ReadOnlySpan<byte> d)
        {
            while (true)
            {
                if (d[at] == '#') { while (d[at] != '\n' && d[at] != '\r') at++; }
                else if (d[at] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r' or (byte)'\v' or (byte)'\f') at++;
                else break;
            }
            if (d[at] is < (byte)'0' or > (byte)'9') return -1;
            long value = 0;
            while (d[at] is >= (byte)'0' and <= (byte)'9')
            {
                value = Math.Min(value * 10 + (d[at] - '0'), long.MaxValue / 10);
                at++;
            }
            return value;
        }
        var width = Number(data);
        var height = width < 0 ? -1 : Number(data);
        return width < 0 || height < 0 ? null : ("PNM", width, height);
    }

    /// <summary>JP2 boxes: the jp2h header box holds ihdr (height, then width).</summary>
    private static (string, long, long)? Jp2(ReadOnlySpan<byte> data)
    {
        var at = 0;
        var end = data.Length;
        while (at + 8 <= end)
        {
            long length = BinaryPrimitives.ReadUInt32BigEndian(data[at..]);
            var type = Encoding.ASCII.GetString(data.Slice(at + 4, 4));
            var header = 8;
            if (length == 1) { length = (long)BinaryPrimitives.ReadUInt64BigEndian(data[(at + 8)..]); header = 16; }
            else if (length == 0) length = end - at;
            if (length < header) return null;
            if (type == "jp2h")
            {
                end = (int)Math.Min(end, at + length);
                at += header; // descend into the super box
                continue;
            }
            if (type == "ihdr")
                return ("JPEG 2000", BinaryPrimitives.ReadUInt32BigEndian(data[(at + header + 4)..]), BinaryPrimitives.ReadUInt32BigEndian(data[(at + header)..]));
            if (length > end - at) return null;
            at += (int)length;
        }
        return null;
    }

    /// <summary>A raw JPEG 2000 codestream: the SIZ segment's reference grid minus its offset.</summary>
    private static (string, long, long)? J2kCodestream(ReadOnlySpan<byte> data)
    {
        long U32(ReadOnlySpan<byte> d, int at) => BinaryPrimitives.ReadUInt32BigEndian(d[at..]);
        return ("JPEG 2000", Math.Max(0, U32(data, 8) - U32(data, 16)), Math.Max(0, U32(data, 12) - U32(data, 20)));
    }
}
