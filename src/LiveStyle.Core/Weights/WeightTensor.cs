namespace LiveStyle.Core.Weights;

/// <summary>A named float32 tensor read from a weights file (row-major, PyTorch layout).</summary>
public sealed record WeightTensor(string Name, int[] Shape, float[] Data)
{
    public string ShapeText => $"[{string.Join(", ", Shape)}]";
}
