namespace LiveStyle.Core.Networks.MicroAst;

/// <summary>
/// The layout of MicroAST's style signals: one [1,512] float vector, eight blocks of 64 —
/// mean_l0, std_l0, mean_l1, std_l1, w_l0, b_l0, w_l1, b_l1. l0 is the style encoder's first
/// residual block output, l1 its second; mean/std are per-channel statistics (std = sqrt(unbiased
/// variance + 1e-5)); w/b are the modulator's filter weight and bias for that level. The style
/// encoder writes this vector and the stylizer reads it; interpolating two such vectors
/// (strength, cross-fade, mixing) is done element-wise.
/// </summary>
public static class MicroAstSignals
{
    public const int BlockLength = MicroAstArchitecture.FeatureChannels;
    public const int Length = 8 * BlockLength;

    public const int MeanLevel0 = 0 * BlockLength;
    public const int StdLevel0 = 1 * BlockLength;
    public const int MeanLevel1 = 2 * BlockLength;
    public const int StdLevel1 = 3 * BlockLength;
    public const int WeightLevel0 = 4 * BlockLength;
    public const int BiasLevel0 = 5 * BlockLength;
    public const int WeightLevel1 = 6 * BlockLength;
    public const int BiasLevel1 = 7 * BlockLength;

    /// <summary>The block offsets in vector order (what the style encoder concatenates).</summary>
    public static readonly IReadOnlyList<int> Blocks = [MeanLevel0, StdLevel0, MeanLevel1, StdLevel1, WeightLevel0, BiasLevel0, WeightLevel1, BiasLevel1];
}
