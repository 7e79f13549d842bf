namespace LiveStyle.Core.Temporal;

/// <summary>
/// The stabilizer's knobs (issue 23 tuned them on real footage: people walking past a still camera,
/// through a codec). Changes are measured in colour on a half-size copy, 0…255, as 3×3 means of the
/// mean channel difference between the frame and the reference (the colour the history shows):
/// up to <see cref="NoiseLevel"/> the scene is taken as unchanged and the new output gets only
/// <see cref="StillWeight"/>, moving the output by at most <see cref="StillStep"/> a frame (so the
/// network's redrawing around something passing by creeps in slowly, while its shimmer is averaged);
/// from <see cref="ChangeLevel"/> on the new output replaces the history. A pixel's own change beyond
/// <see cref="ErrorBound"/> takes enough of the new output to keep the history within that bound.
/// For <see cref="RecoverFrames"/> frames after the new output replaced a pixel's history it settles
/// as the mean of the outputs since (what the network drew around a passer-by fades instead of
/// trailing). Where things move by <see cref="MotionLevel"/> pixels a frame or more, the new output
/// replaces the history too (off by default). The flow is computed on a grey copy about
/// <see cref="FlowShorterSide"/> pixels on its shorter side, with <see cref="FlowIterations"/>
/// Farneback iterations per pyramid level.
/// </summary>
public sealed record StabilizerSettings(
    int FlowShorterSide = 64,
    int FlowIterations = 1,
    float NoiseLevel = 4f,
    float ChangeLevel = 8f,
    float StillWeight = 0.03f,
    float StillStep = 4f,
    float ErrorBound = 3f,
    int RecoverFrames = 3,
    float MotionLevel = float.PositiveInfinity)
{
    public static StabilizerSettings Default { get; } = new();
}
