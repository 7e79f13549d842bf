using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace LiveStyle.Core.Styling;

/// <summary>
/// Style statistics on disk, one small file per (image content, style encoder model, style size),
/// so a second start needs no encoder run. A file that is unreadable, truncated or holds
/// non-finite values is treated as a miss and rewritten.
/// Format: "LSST", int32 version, int32 channels, then channels means and channels stds (float32 LE).
/// </summary>
public sealed class StyleStatisticsCache(string directory, string modelKey, int styleSize)
{
    private static readonly byte[] Magic = "LSST"u8.ToArray();
    private const int FormatVersion = 1;
    private const int HeaderBytes = 12;
    private static readonly int FileBytes = HeaderBytes + 2 * StyleStatistics.Channels * sizeof(float);

    public string Directory => directory;

    public string PathFor(byte[] imageBytes)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(imageBytes);
        sha.AppendData(Encoding.UTF8.GetBytes($"|{modelKey}|{styleSize}"));
        return Path.Combine(directory, Convert.ToHexStringLower(sha.GetHashAndReset())[..32] + ".stats");
    }

    /// <summary>The cached statistics, or null (a miss) when there are none or the file is damaged.</summary>
    public StyleStatistics? TryLoad(byte[] imageBytes, Action<string>? log = null)
    {
        var path = PathFor(imageBytes);
        if (!File.Exists(path)) return null;
        try
        {
            var statistics = Parse(File.ReadAllBytes(path), out var problem);
            if (statistics is null) log?.Invoke($"style cache file {path} {problem}: recomputing it");
            return statistics;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log?.Invoke($"style cache file {path} cannot be read ({e.Message}): recomputing it");
            return null;
        }
    }

    /// <summary>The statistics a cache file's bytes hold, or null with <paramref name="problem"/> saying what is wrong.</summary>
    public static StyleStatistics? Parse(ReadOnlySpan<byte> bytes, out string problem)
    {
        problem = "";
        if (bytes.Length != FileBytes || !bytes[..4].SequenceEqual(Magic)
            || BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]) != FormatVersion
            || BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]) != StyleStatistics.Channels)
        {
            problem = "is damaged";
            return null;
        }
        var mean = new float[StyleStatistics.Channels];
        var std = new float[StyleStatistics.Channels];
        for (var c = 0; c < StyleStatistics.Channels; c++)
        {
            mean[c] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(HeaderBytes + 4 * c)..]);
            std[c] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(HeaderBytes + 4 * (StyleStatistics.Channels + c))..]);
        }
        if (mean.Concat(std).Any(v => !float.IsFinite(v)) || std.Any(v => v <= 0))
        {
            problem = "holds invalid values";
            return null;
        }
        return new StyleStatistics(mean, std);
    }

    public void Save(byte[] imageBytes, StyleStatistics statistics, Action<string>? log = null)
    {
        var bytes = new byte[FileBytes];
        Magic.CopyTo(bytes, 0);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), FormatVersion);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), StyleStatistics.Channels);
        for (var c = 0; c < StyleStatistics.Channels; c++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(HeaderBytes + 4 * c), statistics.Mean[c]);
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(HeaderBytes + 4 * (StyleStatistics.Channels + c)), statistics.Std[c]);
        }
        try
        {
            Imaging.ImageFile.WriteAtomically(PathFor(imageBytes), bytes);
        }
        catch (LiveStyleException e)
        {
            // A cache that cannot be written only costs time at the next start.
            log?.Invoke($"style statistics not cached: {e.Message}");
        }
    }
}
