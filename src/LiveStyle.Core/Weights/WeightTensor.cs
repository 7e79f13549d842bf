namespace LiveStyle.Core.Weights;

/// <summary>A named float32 tensor read from a weights file (row-major, PyTorch layout).</summary>
public sealed record WeightTensor(string Name, int[] Shape, float[] Data)
{
    public string ShapeText => $"[{string.Join(", ", Shape)}]";

    /// <summary>
    /// Refuses NaN and ±Inf, which would only turn every output black (and every int8 calibration
    /// into nonsense); <paramref name="source"/> names the file.
    /// </summary>
    public void RequireFinite(string source)
    {
        for (var i = 0; i < Data.Length; i++)
        {
            if (float.IsFinite(Data[i])) continue;
            var bad = Data.Count(v => !float.IsFinite(v));
            throw new LiveStyleException(
                $"weights file {source}: tensor '{Name}' {ShapeText} holds {bad} non-finite value(s) ({Data[i]} at element {i}): " +
                "the weights are damaged (or come from a training run that diverged); re-download or re-export them");
        }
    }
}
