using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace LiveStyle.Core.Styling;

/// <summary>
/// Style signals on disk, one small file per (image content, network's style encoder model,
/// style size), so a second start needs no encoder run and two networks never share a file. A
/// file that is unreadable, truncated, of another length or holding non-finite values is treated
/// as a miss and rewritten.
/// Format: "LSST", int32 version, int32 length, then length float32 LE values.
/// </summary>
public sealed class StyleSignalsCache(string directory, string styleEncoderKey, int signalLength, int styleSize)
{
    private static readonly byte[] Magic = "LSST"u8.ToArray();
    private const int FormatVersion = 2;
    private const int HeaderBytes = 12;
    private readonly int _fileBytes = HeaderBytes + signalLength * sizeof(float);

    public string Directory => directory;

    public string PathFor(byte[] imageBytes)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(imageBytes);
        sha.AppendData(Encoding.UTF8.GetBytes($"|{styleEncoderKey}|{styleSize}"));
        return Path.Combine(directory, Convert.ToHexStringLower(sha.GetHashAndReset())[..32] + ".signals");
    }

    /// <summary>The cached signals, or null (a miss) when there are none or the file is damaged.</summary>
    public StyleSignals? TryLoad(byte[] imageBytes, Action<string>? log = null)
    {
        var path = PathFor(imageBytes);
        if (!File.Exists(path)) return null;
        try
        {
            var signals = Parse(File.ReadAllBytes(path), signalLength, out var problem);
            if (signals is null) log?.Invoke($"style cache file {path} {problem}: recomputing it");
            return signals;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log?.Invoke($"style cache file {path} cannot be read ({e.Message}): recomputing it");
            return null;
        }
    }

    /// <summary>The signals a cache file's bytes hold, or null with <paramref name="problem"/> saying what is wrong.</summary>
    public static StyleSignals? Parse(ReadOnlySpan<byte> bytes, int signalLength, out string problem)
    {
        problem = "";
        if (bytes.Length != HeaderBytes + signalLength * sizeof(float) || !bytes[..4].SequenceEqual(Magic)
            || BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]) != FormatVersion
            || BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]) != signalLength)
        {
            problem = "is damaged";
            return null;
        }
        var values = new float[signalLength];
        for (var i = 0; i < signalLength; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(HeaderBytes + 4 * i)..]);
        if (values.Any(v => !float.IsFinite(v)))
        {
            problem = "holds invalid values";
            return null;
        }
        return new StyleSignals(values);
    }

    public void Save(byte[] imageBytes, StyleSignals signals, Action<string>? log = null)
    {
        if (signals.Length != signalLength) throw new ArgumentException($"expected {signalLength} style signals, got {signals.Length}");
        var bytes = new byte[_fileBytes];
        Magic.CopyTo(bytes, 0);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), FormatVersion);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), signalLength);
        for (var i = 0; i < signalLength; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(HeaderBytes + 4 * i), signals.Values[i]);
        try
        {
            Imaging.ImageFile.WriteAtomically(PathFor(imageBytes), bytes);
        }
        catch (LiveStyleException e)
        {
            // A cache that cannot be written only costs time at the next start.
            log?.Invoke($"style signals not cached: {e.Message}");
        }
    }

    /// <summary>The cache of <paramref name="network"/>'s signals in the models folder's style cache.</summary>
    public static StyleSignalsCache For(Networks.IStyleNetwork network, string modelsDirectory, int styleSize) =>
        new(Path.Combine(modelsDirectory, "cache", "styles"), network.StyleEncoderKey, network.SignalLength, styleSize);
}
