namespace LiveStyle.App.Settings;

/// <summary>The preview's modes the keys toggle (S split view, C colour preservation, X mirror), as they are when the window closes.</summary>
public sealed record ViewModes(bool Split, bool PreserveColor, bool Mirror);
