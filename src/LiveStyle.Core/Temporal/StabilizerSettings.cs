namespace LiveStyle.Core.Temporal;

/// <summary>
/// The stabilizer's knobs. Input changes are measured on a grey copy in 0…255 after motion
/// compensation: below <see cref="NoiseLevel"/> the scene is taken as unchanged and the new output
/// gets only <see cref="StillWeight"/>; from <see cref="ChangeLevel"/> on it replaces the history.
/// Where things move by <see cref="MotionLevel"/> pixels a frame or more, the new output replaces the
/// history too (off by default: on the bench's clips it cost more still-region flicker and warping
/// error than the motion fidelity it bought, which stays above 20 dB without it).
/// <see cref="DilateChanges"/> widens every change by a pixel of the flow image.
/// <see cref="StandStillFirst"/>: a pixel whose grey did not change in place beyond the noise level is
/// taken as standing still (no warp, <see cref="StillWeight"/>) whatever the flow says; on real footage
/// the flow spreads walking people's motion over the still background around them and the history's
/// strokes were dragged along (issue 23). Off by default for now: it halves still-region flicker on
/// real footage but leaves a ghost of a moving uniform square and drops its motion fidelity below
/// 20 dB (TemporalStabilizerTests). False: the flow decides everywhere, as before.
/// </summary>
public sealed record StabilizerSettings(
    int FlowShorterSide = 80,
    float NoiseLevel = 3f,
    float ChangeLevel = 12f,
    float StillWeight = 0.05f,
    float MotionLevel = float.PositiveInfinity,
    bool DilateChanges = true,
    bool StandStillFirst = false)
{
    public static StabilizerSettings Default { get; } = new();
}
