using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using LiveStyle.Core.Networks.AdaIn;
using LiveStyle.Core.Onnx;

namespace LiveStyle.Core.Models;

/// <summary>
/// Builds models into the models folder on first use and reuses them afterwards. A model's file
/// name carries a key made from its network's weights hash and builder version (its
/// <see cref="ModelFamily{TWeights}"/>), so new weights or a new builder never pick up a stale
/// model. Files are written to a temporary name and renamed, so a concurrent reader never sees
/// half a model. Each family's weights are hashed and loaded at most once per store.
/// </summary>
public sealed class ModelStore(string weightsDirectory, string modelsDirectory)
{
    private readonly ConcurrentDictionary<object, string> _hashes = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentDictionary<object, object> _weights = new(ReferenceEqualityComparer.Instance);

    public string WeightsDirectory => weightsDirectory;
    public string ModelsDirectory => modelsDirectory;

    /// <summary>Creates a store from the --weights option (or its fallbacks) and the models folder.</summary>
    public static ModelStore Locate(string? weightsOption, string? modelsDirectory = null) =>
        new(AdaInWeights.LocateDirectory(weightsOption), modelsDirectory ?? LiveStyleHome.ModelsDirectory);

    /// <summary>Where the family's weights are inside the weights folder.</summary>
    public string WeightsPath<TWeights>(ModelFamily<TWeights> family) where TWeights : class =>
        family.LocateWeights(weightsDirectory);

    /// <summary>The family's weights, parsed and verified; read only when a model has to be built.</summary>
    public TWeights Weights<TWeights>(ModelFamily<TWeights> family) where TWeights : class =>
        (TWeights)_weights.GetOrAdd(family, _ => family.LoadWeights(WeightsPath(family)));

    public string WeightsHash<TWeights>(ModelFamily<TWeights> family) where TWeights : class =>
        _hashes.GetOrAdd(family, _ => family.HashWeights(WeightsPath(family)));

    /// <summary>
    /// The path of a file built from the family's weights: "{stem}.{key}{extension}", the key made from the
    /// weights' hash, the builder version and <paramref name="variantKey"/> (what else the file depends on).
    /// </summary>
    public string PathFor<TWeights>(ModelFamily<TWeights> family, string stem, string variantKey, string extension) where TWeights : class
    {
        var baseKey = family.Key(WeightsHash(family));
        var keyText = variantKey.Length == 0 ? baseKey : $"{baseKey}/{variantKey}";
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(keyText)))[..16];
        return Path.Combine(modelsDirectory, $"{stem}.{key}{extension}");
    }

    /// <summary>The path of the model "{stem}.{key}.onnx", built from the family's weights first when it is not cached.</summary>
    public string GetOrBuild<TWeights>(ModelFamily<TWeights> family, string stem, Func<TWeights, OnnxModel> build, Action<string>? log = null)
        where TWeights : class
    {
        var path = PathFor(family, stem, "", ".onnx");
        if (File.Exists(path)) return path;

        log?.Invoke($"building {Path.GetFileName(path)} from the weights in {WeightsPath(family)}");
        Write(path, OnnxWriter.Serialize(build(Weights(family))));
        return path;
    }

    /// <summary>Writes a file into the models folder through a temporary name, so readers never see half of it.</summary>
    public void Write(string path, byte[] bytes)
    {
        try
        {
            Directory.CreateDirectory(modelsDirectory);
            var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
            File.WriteAllBytes(temporary, bytes);
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LiveStyleException($"cannot write {path}: {e.Message}. Set {LiveStyleHome.ModelsEnvironmentVariable} to a writable folder.", e);
        }
    }
}
