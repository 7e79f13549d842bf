namespace LiveStyle.Core.Networks.MicroAst.Cpu;

/// <summary>
/// Float planes (CHW, one array) with a border of <see cref="Pad"/> pixels on every side, which
/// <see cref="ReflectColumns"/> and <see cref="ReflectRows"/> fill as PyTorch's ReflectionPad2d does.
/// </summary>
internal sealed class PaddedPlanes
{
    /// <param name="contiguous">
    /// Planes back to back (NCHW, what ONNX Runtime reads and writes). Otherwise each plane starts 64
    /// bytes further into the cache's sets than the last: planes a multiple of 4 KB long would put a
    /// pixel's channels in one L1 set, and a loop reading 16 or 32 channels at once would evict its own
    /// lines (measured: the 1×1 convs ran 4–5× slower).
    /// </param>
    public PaddedPlanes(int channels, int width, int height, int pad, bool contiguous = false)
    {
        if (pad >= width || pad >= height) throw new ArgumentException($"a {width}×{height} plane cannot be reflect-padded by {pad}");
        Channels = channels;
        Width = width;
        Height = height;
        Pad = pad;
        PlaneStride = PaddedHeight * Stride + (contiguous ? 0 : CacheLineFloats);
        Data = new float[channels * PlaneStride];
    }

    private const int CacheLineFloats = 16;

    public int Channels { get; }
    public int Width { get; }
    public int Height { get; }
    public int Pad { get; }
    public int Stride => Width + 2 * Pad;
    public int PaddedHeight => Height + 2 * Pad;
    /// <summary>Floats from one channel's plane to the next.</summary>
    public int PlaneStride { get; }
    public float[] Data { get; }

    /// <summary>Index of pixel (0, <paramref name="y"/>) of a channel; y from −Pad to Height+Pad−1, and x may go Pad to either side.</summary>
    public int Row(int channel, int y) => channel * PlaneStride + (y + Pad) * Stride + Pad;

    /// <summary>Fills the left and right border of one row (its inside written already).</summary>
    public void ReflectColumns(int channel, int y)
    {
        var row = Data.AsSpan(Row(channel, y) - Pad, Stride);
        for (var k = 1; k <= Pad; k++)
        {
            row[Pad - k] = row[Pad + k];
            row[Pad + Width - 1 + k] = row[Pad + Width - 1 - k];
        }
    }

    /// <summary>Fills the top and bottom borders, corners included: after every inside row's columns are filled.</summary>
    public void ReflectRows()
    {
        ReflectTopRows();
        for (var c = 0; c < Channels; c++)
            for (var k = 1; k <= Pad; k++)
                Data.AsSpan(Row(c, Height - 1 - k) - Pad, Stride).CopyTo(Data.AsSpan(Row(c, Height - 1 + k) - Pad, Stride));
    }

    /// <summary>Fills the top border alone (corners included): after rows 1…Pad are complete, columns too.</summary>
    public void ReflectTopRows()
    {
        for (var c = 0; c < Channels; c++)
            for (var k = 1; k <= Pad; k++)
                Data.AsSpan(Row(c, k) - Pad, Stride).CopyTo(Data.AsSpan(Row(c, -k) - Pad, Stride));
    }

    /// <summary>PyTorch's reflection of an index just outside [0, n) (at most n−1 outside).</summary>
    public static int Reflect(int i, int n) => i < 0 ? -i : i >= n ? 2 * n - 2 - i : i;
}
