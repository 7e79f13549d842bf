using LiveStyle.Core.Networks.MicroAst;
using System.Security.Cryptography;
using LiveStyle.Core.Weights;

namespace LiveStyle.Core.Networks.AdaIn;

/// <summary>
/// The encoder and decoder weights, verified against <see cref="AdaInArchitecture"/>, plus a hash
/// of both files that keys the model cache.
/// </summary>
public sealed class AdaInWeights
{
    public const string EncoderFileName = "vgg_normalised_relu4_1.safetensors";
    public const string DecoderFileName = "decoder_content_similar.safetensors";
    public const string EnvironmentVariable = "LIVESTYLE_WEIGHTS";

    public IReadOnlyDictionary<string, WeightTensor> Encoder { get; }
    public IReadOnlyDictionary<string, WeightTensor> Decoder { get; }
    /// <summary>SHA-256 over both files' bytes, hex.</summary>
    public string ContentHash { get; }

    private AdaInWeights(IReadOnlyDictionary<string, WeightTensor> encoder, IReadOnlyDictionary<string, WeightTensor> decoder, string contentHash)
    {
        Encoder = encoder;
        Decoder = decoder;
        ContentHash = contentHash;
    }

    /// <summary>
    /// Finds the weights folder: the explicit option, else $LIVESTYLE_WEIGHTS, else models/weights in
    /// the checkout (or beside the executable), else the user data folder's weights (where
    /// `livestyle weights` puts converted official files). Throws saying how to get them when none has the files.
    /// </summary>
    public static string LocateDirectory(string? explicitDirectory)
    {
        if (!string.IsNullOrEmpty(explicitDirectory))
        {
            if (!HoldsWeights(explicitDirectory)) RequireFiles(explicitDirectory, "--weights");
            return explicitDirectory;
        }
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            if (!HoldsWeights(fromEnvironment)) RequireFiles(fromEnvironment, $"${EnvironmentVariable}");
            return fromEnvironment;
        }
        string[] defaults = [Path.Combine(LiveStyleHome.Root, "models", "weights"), LiveStylePaths.WeightsDirectory];
        foreach (var directory in defaults)
            if (HoldsWeights(directory)) return directory;
        throw new LiveStyleException(
            $"AdaIN weights not found: {EncoderFileName} and {DecoderFileName} are in none of {string.Join(", ", defaults.Select(Path.GetFullPath))}. " +
            HowToGet + $" The fast network alone needs only the four MicroAST files: `livestyle weights --microast DIR` puts them in the same place.");
    }

    /// <summary>What a user without the weights does (the error for missing weights ends with it).</summary>
    public static string HowToGet =>
        "Download the official pytorch-AdaIN weights vgg_normalised.pth and decoder.pth (release v0.0.0 of " +
        "github.com/naoto0804/pytorch-AdaIN) and convert them with `livestyle weights --vgg vgg_normalised.pth --decoder decoder.pth`, " +
        $"which checks their SHA-256 and writes {EncoderFileName} and {DecoderFileName} into {LiveStylePaths.WeightsDirectory}, " +
        $"where every command finds them. Or pass --weights DIR, or set {EnvironmentVariable}, to a folder that holds them.";

    /// <summary>
    /// A weights folder holds AdaIN's two files or the MicroAST subfolder (or both): the fast network
    /// runs without AdaIN's files, and whichever network lacks its files says so when it is loaded.
    /// </summary>
    private static bool HoldsWeights(string directory) => HasFiles(directory) || MicroAstWeights.IsIn(directory);

    private static bool HasFiles(string directory) =>
        File.Exists(Path.Combine(directory, EncoderFileName)) && File.Exists(Path.Combine(directory, DecoderFileName));

    public static AdaInWeights Load(string directory)
    {
        RequireFiles(directory, "the weights folder");
        var encoderPath = Path.Combine(directory, EncoderFileName);
        var decoderPath = Path.Combine(directory, DecoderFileName);
        var encoder = SafetensorsFile.Read(encoderPath);
        var decoder = SafetensorsFile.Read(decoderPath);
        Verify(encoderPath, encoder, AdaInArchitecture.Encoder);
        Verify(decoderPath, decoder, AdaInArchitecture.Decoder);
        return new AdaInWeights(encoder, decoder, HashDirectory(directory));
    }

    /// <summary>The cache key of a weights folder: SHA-256 over both files, without parsing them.</summary>
    public static string HashDirectory(string directory)
    {
        RequireFiles(directory, "the weights folder");
        return HashFiles(Path.Combine(directory, EncoderFileName), Path.Combine(directory, DecoderFileName));
    }

    /// <summary>Checks that every tensor the network needs is present with the right shape.</summary>
    public static void Verify(string path, IReadOnlyDictionary<string, WeightTensor> tensors, IEnumerable<ConvLayer> layers)
    {
        foreach (var layer in layers)
        {
            Expect(path, tensors, layer.WeightName, layer.WeightShape, layer.Label);
            Expect(path, tensors, layer.BiasName, [layer.OutChannels], layer.Label);
        }
    }

    private static void Expect(string path, IReadOnlyDictionary<string, WeightTensor> tensors, string name, int[] shape, string label)
    {
        if (!tensors.TryGetValue(name, out var tensor))
            throw new LiveStyleException($"weights file {path} has no tensor '{name}' ({label}); is this the right file?");
        if (!tensor.Shape.SequenceEqual(shape))
            throw new LiveStyleException(
                $"weights file {path}: tensor '{name}' ({label}) has shape {tensor.ShapeText}, expected [{string.Join(", ", shape)}]");
    }

    private static void RequireFiles(string directory, string source)
    {
        var missing = new[] { EncoderFileName, DecoderFileName }
            .Where(f => !File.Exists(Path.Combine(directory, f))).ToArray();
        if (missing.Length > 0)
            throw new LiveStyleException(
                $"AdaIN weights not found: {string.Join(" and ", missing)} missing in {Path.GetFullPath(directory)} ({source}). " +
                $"Pass --weights DIR or set {EnvironmentVariable} to the folder holding {EncoderFileName} and {DecoderFileName}.");
    }

    private static string HashFiles(params string[] paths)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[1 << 20];
        foreach (var path in paths)
        {
            using var stream = File.OpenRead(path);
            int read;
            while ((read = stream.Read(buffer)) > 0) sha.AppendData(buffer, 0, read);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
