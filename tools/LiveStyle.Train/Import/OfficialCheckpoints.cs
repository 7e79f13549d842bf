using System.Security.Cryptography;
using LiveStyle.Core;

namespace LiveStyle.Train.Import;

/// <summary>
/// The official pytorch-AdaIN release files (v0.0.0) by name, with their sha256 (from
/// ../shared/weights/README.md). A file with one of these names must have that hash.
/// </summary>
public static class OfficialCheckpoints
{
    public static readonly IReadOnlyDictionary<string, string> Sha256ByName = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["vgg_normalised.pth"] = "804ca2835ecf7539f0cd2a7ac3c18ce81e6f8468969ae7117ac0c148d286bb4a",
        ["decoder.pth"] = "379ca41d59f3a37eed3599bbbc2560c19da5c458870a5ffd3a9dd41aa88f9472",
    };

    /// <summary>Checks the hash when the file carries an official name; returns a line saying what was checked.</summary>
    public static string Verify(string path)
    {
        var name = Path.GetFileName(path);
        if (!Sha256ByName.TryGetValue(name, out var expected)) return $"{name}: not an official file name, sha256 not checked";
        if (!File.Exists(path)) throw new LiveStyleException($"checkpoint not found: {path}");
        string actual;
        using (var stream = File.OpenRead(path)) actual = Convert.ToHexStringLower(SHA256.HashData(stream));
        if (actual != expected)
            throw new LiveStyleException(
                $"{path} has sha256 {actual}, but the official pytorch-AdaIN {name} has {expected}: the download is incomplete or it is another file. " +
                "Download it again, or rename it if it is a different checkpoint you mean to import.");
        return $"{name}: sha256 matches the official release";
    }
}
