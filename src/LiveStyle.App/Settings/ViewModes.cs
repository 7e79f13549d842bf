using LiveStyle.Core.Networks.PersonMask;

namespace LiveStyle.App.Settings;

/// <summary>
/// The preview's modes the keys toggle (S split view, C colour preservation, X mirror, K regions), as
/// they are when the window closes; <paramref name="Regions"/> is null when the person mask never
/// became usable (still loading, bad weights), so the option's value stays as it was.
/// </summary>
public sealed record ViewModes(bool Split, bool PreserveColor, bool Mirror, StylizedRegions? Regions = null);
