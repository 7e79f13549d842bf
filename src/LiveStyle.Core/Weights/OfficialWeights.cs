using System.Security.Cryptography;

namespace LiveStyle.Core.Weights;

/// <summary>
/// The published weight files users download, by file name, with their SHA-256 (as listed in the
/// shared weights README): pytorch-AdaIN's release v0.0.0 and the MicroAST authors' models folder.
/// </summary>
public static class OfficialWeights
{
    public const string AdaInRelease = "https://github.com/naoto0804/pytorch-AdaIN/releases/tag/v0.0.0";
    public const string MicroAstRepository = "https://github.com/EndyWon/MicroAST (folder models/)";
    public const string MicroAstFolder = "microast";

    public static readonly IReadOnlyDictionary<string, string> AdaIn = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["vgg_normalised.pth"] = "804ca2835ecf7539f0cd2a7ac3c18ce81e6f8468969ae7117ac0c148d286bb4a",
        ["decoder.pth"] = "379ca41d59f3a37eed3599bbbc2560c19da5c458870a5ffd3a9dd41aa88f9472",
    };

    public static readonly IReadOnlyDictionary<string, string> MicroAst = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["content_encoder_iter_160000.pth.tar"] = "c8d895c0eec52507c157e102fab217c37f0c399ef3e168ef8b0b2677714660a4",
        ["style_encoder_iter_160000.pth.tar"] = "94f6b3fa386828692c20809a0af8bd0eba9c04e90a7d8842086976e4d223c5af",
        ["modulator_iter_160000.pth.tar"] = "8588055baf7d5ad8398d595d5518c6f030e3ff8dbb6007a7c1779776e11da28b",
        ["decoder_iter_160000.pth.tar"] = "32e04a46b953fd9f94ec9e20f351511305a5260e000c18f9aef6570d5f1e23d9",
    };

    public static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    /// <summary>
    /// Checks a file that carries an official name against its hash (a wrong one is an incomplete
    /// download, or another file); returns a line saying what was checked.
    /// </summary>
    public static string Verify(string path, IReadOnlyDictionary<string, string> table)
    {
        if (!File.Exists(path)) throw new LiveStyleException($"weights file not found: {path}");
        var name = Path.GetFileName(path);
        if (!table.TryGetValue(name, out var expected)) return $"{name}: not an official file name, sha256 not checked";
        var actual = Sha256(path);
        if (actual != expected)
            throw new LiveStyleException(
                $"{path} has sha256 {actual}, but the official {name} has {expected}: the download is incomplete or it is another file. Download it again.");
        return $"{name}: sha256 matches the official file";
    }
}
