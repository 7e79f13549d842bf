namespace LiveStyle.Core.Imaging;

/// <summary>An RGB image as three float planes (CHW, values in [0,1]): the networks' layout.</summary>
public sealed class PlanarImage
{
    public int Width { get; }
    public int Height { get; }
    public float[] Data { get; }

    public PlanarImage(int width, int height, float[]? data = null)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), "image sides must be positive");
        Width = width;
        Height = height;
        Data = data ?? new float[3 * width * height];
        if (Data.Length != 3 * width * height) throw new ArgumentException("data length must be 3 × width × height");
    }

    public int PlaneSize => Width * Height;
    public Span<float> Plane(int channel) => Data.AsSpan(channel * PlaneSize, PlaneSize);
    public long[] TensorShape => [1, 3, Height, Width];
}
