namespace LiveStyle.Core.Models;

/// <summary>
/// One network's weights as the <see cref="ModelStore"/> sees them: where they are inside the
/// weights folder (a folder or a file), how they are hashed without parsing them and how they are
/// loaded, and the builder version that, with the hash, keys every file built from them. Each
/// network declares its family once, in its own folder (AdaInModels, MicroAstModels, SinetModels).
/// </summary>
/// <param name="LocateWeights">The weights folder → this network's weights in it.</param>
/// <param name="HashWeights">This network's weights → their SHA-256, hex (the cache key).</param>
/// <param name="LoadWeights">This network's weights → parsed and verified.</param>
/// <param name="BuilderVersion">Bumped when the network's graphs change, so cached models are rebuilt.</param>
/// <param name="KeyPrefix">Goes before the hash in every key, so two networks never share a key.</param>
public sealed record ModelFamily<TWeights>(
    Func<string, string> LocateWeights,
    Func<string, string> HashWeights,
    Func<string, TWeights> LoadWeights,
    int BuilderVersion,
    string KeyPrefix)
    where TWeights : class
{
    /// <summary>What keys every file built from weights with this hash.</summary>
    public string Key(string weightsHash) => $"{KeyPrefix}{weightsHash}/{BuilderVersion}";
}
