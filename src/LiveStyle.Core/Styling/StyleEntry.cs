namespace LiveStyle.Core.Styling;

/// <summary>A style in the bank: its display name, image file and AdaIN statistics.</summary>
public sealed record StyleEntry(string Name, string ImagePath, StyleStatistics Statistics);
