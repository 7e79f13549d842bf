using System.Security.Cryptography;
using System.Text;
using LiveStyle.Core.Networks.AdaIn;
using LiveStyle.Core.Networks.MicroAst;
using LiveStyle.Core.Onnx;
using LiveStyle.Core.Weights;

namespace LiveStyle.Core.Models;

/// <summary>
/// Builds models into the models folder on first use and reuses them afterwards. A model's file
/// name carries a key made from the weights' hash and the builder version, so new weights or a
/// new builder never pick up a stale model. Files are written to a temporary name and renamed,
/// so a concurrent reader never sees half a model. The fast network's models (ModelKind.Fast…)
/// are built from the MicroAST weights in the "microast" folder of the same weights folder and
/// keyed by their hash and the MicroAST builder's version.
/// </summary>
public sealed class ModelStore(string weightsDirectory, string modelsDirectory)
{
    private AdaInWeights? _weights;
    private string? _weightsHash;
    private MicroAstWeights? _fastWeights;
    private string? _fastWeightsHash;

    public string WeightsDirectory => weightsDirectory;
    public string ModelsDirectory => modelsDirectory;

    /// <summary>Creates a store from the --weights option (or its fallbacks) and the models folder.</summary>
    public static ModelStore Locate(string? weightsOption, string? modelsDirectory = null) =>
        new(AdaInWeights.LocateDirectory(weightsOption), modelsDirectory ?? LiveStyleHome.ModelsDirectory);

    /// <summary>The parsed and verified weights; read only when a model has to be built.</summary>
    public AdaInWeights Weights => _weights ??= AdaInWeights.Load(weightsDirectory);

    public string WeightsHash => _weightsHash ??= AdaInWeights.HashDirectory(weightsDirectory);

    /// <summary>The folder holding the MicroAST weights ("microast" inside the weights folder).</summary>
    public string FastWeightsDirectory => MicroAstWeights.DirectoryIn(weightsDirectory);

    /// <summary>The parsed and verified MicroAST weights; read only when a fast model has to be built.</summary>
    public MicroAstWeights FastWeights => _fastWeights ??= MicroAstWeights.Load(FastWeightsDirectory);

    public string FastWeightsHash => _fastWeightsHash ??= MicroAstWeights.HashDirectory(FastWeightsDirectory);

    public string PathFor(ModelKind kind) => kind.IsFast()
        ? PathForFast(ModelNames.FileStem(kind), "", ".onnx")
        : PathFor(ModelNames.FileStem(kind), "", ".onnx");

    /// <summary>As <see cref="PathFor(string, string, string)"/> for a file built from the MicroAST weights.</summary>
    public string PathForFast(string stem, string variantKey, string extension) =>
        KeyedPath(stem, $"microast/{FastWeightsHash}/{MicroAstModelBuilder.Version}", variantKey, extension);

    /// <summary>
    /// The path of a file built from the weights: "{stem}.{key}{extension}", the key made from the
    /// weights' hash, the builder version and <paramref name="variantKey"/> (what else the file depends on).
    /// </summary>
    public string PathFor(string stem, string variantKey, string extension) =>
        KeyedPath(stem, $"{WeightsHash}/{AdaInModelBuilder.Version}", variantKey, extension);

    private string KeyedPath(string stem, string baseKey, string variantKey, string extension)
    {
        var keyText = variantKey.Length == 0 ? baseKey : $"{baseKey}/{variantKey}";
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(keyText)))[..16];
        return Path.Combine(modelsDirectory, $"{stem}.{key}{extension}");
    }

    /// <summary>Returns the path of the model, building it first when it is not cached.</summary>
    public string GetOrBuild(ModelKind kind, Action<string>? log = null)
    {
        var path = PathFor(kind);
        if (File.Exists(path)) return path;

        log?.Invoke($"building {Path.GetFileName(path)} from the weights in {(kind.IsFast() ? FastWeightsDirectory : weightsDirectory)}");
        var model = kind.IsFast()
            ? MicroAstModelBuilder.Build(kind, FastWeights)
            : AdaInModelBuilder.Build(kind, Weights.Encoder, Weights.Decoder, Weights.ContentHash);
        Write(path, OnnxWriter.Serialize(model));
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
