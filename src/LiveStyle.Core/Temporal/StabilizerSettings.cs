namespace LiveStyle.Core.Temporal;

/// <summary>
/// The stabilizer's knobs. Input changes are measured on a grey copy in 0…255 after motion
/// compensation: below <see cref="NoiseLevel"/> the scene is taken as unchanged and the new output
/// gets only <see cref="StillWeight"/>; from <see cref="ChangeLevel"/> on it replaces the history.
/// Where things move by <see cref="MotionLevel"/> pixels a frame or more, the new output replaces the
/// history too: flicker is hard to see on moving things, lag and smear are not.
/// <see cref="DilateChanges"/> widens every change by a pixel of the flow image.
/// </summary>
public sealed record StabilizerSettings(
    int FlowShorterSide = 64,
    float NoiseLevel = 3f,
    float ChangeLevel = 12f,
    float StillWeight = 0.1f,
    float MotionLevel = 3f,
    bool DilateChanges = true)
{
    public static StabilizerSettings Default { get; } = new();
}
