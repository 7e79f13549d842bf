namespace LiveStyle.Core.Quantization;

/// <summary>The --calibration and --calibration-styles options (null when not given).</summary>
public sealed record CalibrationOptions(string? ContentDirectory = null, string? StyleDirectory = null)
{
    public string ResolvedContentDirectory => CalibrationSet.ContentDirectoryFrom(ContentDirectory);
    public string ResolvedStyleDirectory => CalibrationSet.StyleDirectoryFrom(StyleDirectory);

    /// <summary>True when the user named a calibration folder (option or environment), not the built-in default.</summary>
    public bool IsExplicit =>
        ContentDirectory is { Length: > 0 } || StyleDirectory is { Length: > 0 } ||
        Environment.GetEnvironmentVariable(CalibrationSet.ContentEnvironmentVariable) is { Length: > 0 } ||
        Environment.GetEnvironmentVariable(CalibrationSet.StyleEnvironmentVariable) is { Length: > 0 };
}
