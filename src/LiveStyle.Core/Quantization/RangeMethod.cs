namespace LiveStyle.Core.Quantization;

/// <summary>How a calibrated activation's uint8 range is chosen from its observed values.</summary>
public enum RangeMethod
{
    /// <summary>The smallest and largest values seen.</summary>
    MinMax,
    /// <summary>The range holding the given percentile of values on each side of zero (outliers saturate).</summary>
    Percentile,
    /// <summary>The range (a fraction of min…max) that minimizes the expected squared error: rounding inside, saturation outside.</summary>
    Mse,
}
