using System.Security.Cryptography;
using LiveStyle.Core.Weights;
using LiveStyle.Core.Weights.PyTorch;

namespace LiveStyle.Core.Networks.PersonMask;

/// <summary>
/// The authors' SINet portrait weights (a legacy PyTorch state dict, "sinet/SINet.pth" in the
/// weights folder), verified against <see cref="SinetArchitecture"/>: every tensor present, of the
/// right shape and finite; anything else is one error line naming the file and the tensor. The
/// file's SHA-256 keys the model cache.
/// </summary>
public sealed class SinetWeights
{
    public const string FolderName = "sinet";
    public const string FileName = "SINet.pth";

    public IReadOnlyDictionary<string, WeightTensor> Tensors { get; }
    public string ContentHash { get; }

    public SinetWeights(IReadOnlyDictionary<string, WeightTensor> tensors, string contentHash)
    {
        Tensors = tensors;
        ContentHash = contentHash;
    }

    public float[] this[string name] => Tensors[name].Data;

    /// <summary>The weights file inside a weights folder.</summary>
    public static string PathIn(string weightsDirectory) => Path.Combine(weightsDirectory, FolderName, FileName);

    /// <summary>Reads and verifies the file.</summary>
    public static SinetWeights Load(string path)
    {
        if (!File.Exists(path))
            throw new LiveStyleException($"SINet weights not found: {Path.GetFullPath(path)} (the person mask needs the authors' {FileName} in the '{FolderName}' folder of the weights folder)");
        var bytes = Files.RegularFile.ReadAll(path, "SINet weights file", 64L << 20, "a SINet state dict is under 1 MB");
        var tensors = PyTorchCheckpoint.Read(bytes, path);
        Verify(path, tensors);
        return new SinetWeights(tensors, Convert.ToHexStringLower(SHA256.HashData(bytes)));
    }

    /// <summary>SHA-256 of the file, without parsing it (the cache key).</summary>
    public static string HashFile(string path)
    {
        if (!File.Exists(path)) throw new LiveStyleException($"SINet weights not found: {Path.GetFullPath(path)}");
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    public static void Verify(string path, IReadOnlyDictionary<string, WeightTensor> tensors)
    {
        foreach (var (name, shape) in SinetArchitecture.Tensors)
        {
            if (!tensors.TryGetValue(name, out var tensor))
                throw new LiveStyleException($"SINet weights file {path} has no tensor '{name}'; is this the authors' SINet.pth?");
            if (!tensor.Shape.SequenceEqual(shape))
                throw new LiveStyleException($"SINet weights file {path}: tensor '{name}' has shape {tensor.ShapeText}, expected [{string.Join(", ", shape)}]");
            tensor.RequireFinite(path);
            if (name.EndsWith(".running_var", StringComparison.Ordinal) && Array.FindIndex(tensor.Data, v => v < 0) is var bad and >= 0)
                throw new LiveStyleException($"SINet weights file {path}: tensor '{name}' holds a negative variance ({tensor.Data[bad]}) at element {bad}");
        }
    }
}
