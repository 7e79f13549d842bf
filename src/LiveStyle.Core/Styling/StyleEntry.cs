namespace LiveStyle.Core.Styling;

/// <summary>A style in the bank: its display name, image file and its signals for the bank's network.</summary>
public sealed record StyleEntry(string Name, string ImagePath, StyleSignals Signals);
