using LiveStyle.Core.Styling;
using LiveStyle.Core.Weights;

namespace LiveStyle.Core.Networks.AdaIn;

/// <summary>
/// The per-channel mean and standard deviation of a style image's relu4_1 features: all that
/// AdaIN needs of a style. The network contract carries them as <see cref="StyleSignals"/>
/// (<see cref="ToSignals"/>), where mixing and cross-fading happen.
/// </summary>
public sealed class StyleStatistics
{
    public const int Channels = AdaInArchitecture.FeatureChannels;

    public float[] Mean { get; }
    public float[] Std { get; }

    public StyleStatistics(float[] mean, float[] std)
    {
        if (mean.Length != Channels || std.Length != Channels)
            throw new ArgumentException($"style statistics need {Channels} means and {Channels} standard deviations");
        Mean = mean;
        Std = std;
    }

    /// <summary>AdaIN's style signals: the 512 means, then the 512 standard deviations.</summary>
    public StyleSignals ToSignals() => new([.. Mean, .. Std]);
}
