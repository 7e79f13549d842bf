using LiveStyle.Core.Models;

namespace LiveStyle.Core.Networks.PersonMask;

/// <summary>The person-mask model in the store: built from "sinet/SINet.pth" in the weights folder.</summary>
public static class SinetModels
{
    public static readonly ModelFamily<SinetWeights> Family =
        new(SinetWeights.PathIn, SinetWeights.HashFile, SinetWeights.Load, SinetModelBuilder.Version, KeyPrefix: "sinet/");

    /// <summary>The cached model for the SINet weights in the store's weights folder, built first when missing.</summary>
    public static string GetOrBuild(ModelStore store, Action<string>? log = null) =>
        store.GetOrBuild(Family, SinetModelBuilder.FileStem, weights => SinetModelBuilder.Build(weights), log);
}
