using System.Security.Cryptography;
using LiveStyle.Core.Networks.AdaIn;
using LiveStyle.Core.Weights;
using LiveStyle.Core.Weights.PyTorch;

namespace LiveStyle.Core.Networks.MicroAst;

/// <summary>
/// The authors' four MicroAST state dicts (PyTorch legacy format, or the safetensors files
/// LiveStyle.Train's export writes with the same tensor names), verified against
/// <see cref="MicroAstArchitecture"/>: every tensor present, of the right shape and finite. They
/// live in the "microast" folder of the weights folder; a hash of the four files keys the model cache.
/// </summary>
public sealed class MicroAstWeights
{
    public const string FolderName = "microast";
    public const string ContentEncoderFileName = "content_encoder_iter_160000.pth.tar";
    public const string StyleEncoderFileName = "style_encoder_iter_160000.pth.tar";
    public const string ModulatorFileName = "modulator_iter_160000.pth.tar";
    public const string DecoderFileName = "decoder_iter_160000.pth.tar";

    public static readonly IReadOnlyList<string> FileNames = [ContentEncoderFileName, StyleEncoderFileName, ModulatorFileName, DecoderFileName];

    /// <summary>
    /// What LiveStyle.Train's export writes: the same tensors under the same names in safetensors,
    /// one file per part. Where such a file is present it is read instead of the authors' file.
    /// </summary>
    public static string SafetensorsFileName(string authorsFileName) => authorsFileName.Replace("_iter_160000.pth.tar", ".safetensors", StringComparison.Ordinal);

    /// <summary>The file read for a part: its safetensors form when present, else the authors' .pth.tar.</summary>
    public static string PathOf(string directory, string authorsFileName)
    {
        var safetensors = Path.Combine(directory, SafetensorsFileName(authorsFileName));
        return File.Exists(safetensors) ? safetensors : Path.Combine(directory, authorsFileName);
    }

    public IReadOnlyDictionary<string, WeightTensor> ContentEncoder { get; }
    public IReadOnlyDictionary<string, WeightTensor> StyleEncoder { get; }
    public IReadOnlyDictionary<string, WeightTensor> Modulator { get; }
    public IReadOnlyDictionary<string, WeightTensor> Decoder { get; }
    /// <summary>SHA-256 over the four files' bytes, hex.</summary>
    public string ContentHash { get; }

    public MicroAstWeights(IReadOnlyDictionary<string, WeightTensor> contentEncoder, IReadOnlyDictionary<string, WeightTensor> styleEncoder,
        IReadOnlyDictionary<string, WeightTensor> modulator, IReadOnlyDictionary<string, WeightTensor> decoder, string contentHash)
    {
        ContentEncoder = contentEncoder;
        StyleEncoder = styleEncoder;
        Modulator = modulator;
        Decoder = decoder;
        ContentHash = contentHash;
    }

    /// <summary>The MicroAST folder inside a weights folder.</summary>
    public static string DirectoryIn(string weightsDirectory) => Path.Combine(weightsDirectory, FolderName);

    /// <summary>
    /// Finds the MicroAST folder the way AdaIN's weights are found: "microast" inside the --weights
    /// folder, else inside $LIVESTYLE_WEIGHTS, else inside models/weights. Throws naming the place looked at.
    /// </summary>
    public static string LocateDirectory(string? explicitWeightsDirectory)
    {
        if (!string.IsNullOrEmpty(explicitWeightsDirectory)) return Require(DirectoryIn(explicitWeightsDirectory), "--weights");
        var fromEnvironment = Environment.GetEnvironmentVariable(AdaInWeights.EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment)) return Require(DirectoryIn(fromEnvironment), $"${AdaInWeights.EnvironmentVariable}");
        return Require(DirectoryIn(Path.Combine(LiveStyleHome.ModelsDirectory, "weights")), "the default location");
    }

    /// <summary>Reads and verifies the four files in <paramref name="directory"/> (the microast folder itself).</summary>
    public static MicroAstWeights Load(string directory)
    {
        Require(directory, "the MicroAST weights folder");
        var contentEncoder = Read(directory, ContentEncoderFileName, MicroAstArchitecture.EncoderConvs);
        var styleEncoder = Read(directory, StyleEncoderFileName, MicroAstArchitecture.EncoderConvs);
        var modulator = Read(directory, ModulatorFileName, MicroAstArchitecture.ModulatorConvs);
        var decoder = Read(directory, DecoderFileName, MicroAstArchitecture.DecoderConvs);
        return new MicroAstWeights(contentEncoder, styleEncoder, modulator, decoder, HashDirectory(directory));
    }

    /// <summary>The cache key of a MicroAST folder: SHA-256 over the four files, without parsing them.</summary>
    public static string HashDirectory(string directory)
    {
        Require(directory, "the MicroAST weights folder");
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        foreach (var name in FileNames)
        {
            using var stream = File.OpenRead(PathOf(directory, name));
            int read;
            while ((read = stream.Read(buffer)) > 0) sha.AppendData(buffer, 0, read);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>Checks that every tensor of <paramref name="convs"/> is present, of the right shape and finite.</summary>
    public static void Verify(string path, IReadOnlyDictionary<string, WeightTensor> tensors, IEnumerable<MicroAstConv> convs)
    {
        foreach (var conv in convs)
        {
            Expect(path, tensors, conv.WeightName, conv.WeightShape);
            Expect(path, tensors, conv.BiasName, [conv.OutChannels]);
        }
    }

    private static IReadOnlyDictionary<string, WeightTensor> Read(string directory, string fileName, IEnumerable<MicroAstConv> convs)
    {
        var path = PathOf(directory, fileName);
        var tensors = path.EndsWith(".safetensors", StringComparison.Ordinal) ? SafetensorsFile.Read(path) : PyTorchCheckpoint.Read(path);
        Verify(path, tensors, convs);
        return tensors;
    }

    private static void Expect(string path, IReadOnlyDictionary<string, WeightTensor> tensors, string name, int[] shape)
    {
        if (!tensors.TryGetValue(name, out var tensor))
            throw new LiveStyleException($"MicroAST weights file {path} has no tensor '{name}'; is this the right file?");
        if (!tensor.Shape.SequenceEqual(shape))
            throw new LiveStyleException(
                $"MicroAST weights file {path}: tensor '{name}' has shape {tensor.ShapeText}, expected [{string.Join(", ", shape)}]");
        var bad = Array.FindIndex(tensor.Data, v => !float.IsFinite(v));
        if (bad >= 0)
            throw new LiveStyleException($"MicroAST weights file {path}: tensor '{name}' holds a non-finite value ({tensor.Data[bad]}) at element {bad}");
    }

    /// <summary>True when the weights folder's MicroAST subfolder holds all four files.</summary>
    public static bool IsIn(string weightsDirectory) => FileNames.All(f => File.Exists(PathOf(DirectoryIn(weightsDirectory), f)));

    private static string Require(string directory, string source)
    {
        var missing = FileNames.Where(f => !File.Exists(PathOf(directory, f))).ToArray();
        if (missing.Length > 0)
            throw new LiveStyleException(
                $"MicroAST weights not found: {string.Join(", ", missing)} missing in {Path.GetFullPath(directory)} ({source}). " +
                $"Pass --weights DIR or set {AdaInWeights.EnvironmentVariable} to a folder whose '{FolderName}' subfolder holds the four MicroAST files.");
        return directory;
    }
}
