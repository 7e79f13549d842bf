using OpenCvSharp;

namespace LiveStyle.Core.Temporal;

/// <summary>The stabilizer's working images for one frame size, made once.</summary>
internal sealed class StabilizerBuffers : IDisposable
{
    private readonly Mat[] _grey;
    private int _current;

    public StabilizerBuffers(int width, int height, int flowShorterSide)
    {
        Width = width;
        Height = height;
        Factor = Math.Max(1, Math.Min(width, height) / Math.Max(1, flowShorterSide));
        SmallWidth = width / Factor;
        SmallHeight = height / Factor;
        _grey = [new Mat(SmallHeight, SmallWidth, MatType.CV_8UC1, Scalar.All(0)), new Mat(SmallHeight, SmallWidth, MatType.CV_8UC1, Scalar.All(0))];
        FlowImage = new Mat(SmallHeight, SmallWidth, MatType.CV_32FC2, Scalar.All(0));
        Flow = new FarnebackFlow(_grey[0], _grey[1], FlowImage);
        Weight = new float[SmallWidth * SmallHeight];
        WeightScratch = new float[SmallWidth * SmallHeight];
        RowScratch = new float[3 * SmallWidth];
        History = new float[3 * width * height];
        (ColumnStart, ColumnFraction) = SmallSamples(width, SmallWidth);
        (RowStart, RowFraction) = SmallSamples(height, SmallHeight);
    }

    public int Width { get; }
    public int Height { get; }
    /// <summary>The flow is computed on a grey copy this many times smaller on each side.</summary>
    public int Factor { get; }
    public int SmallWidth { get; }
    public int SmallHeight { get; }
    public Mat CurrentGrey => _grey[_current];
    public Mat PreviousGrey => _grey[1 - _current];
    public Mat FlowImage { get; }
    public FarnebackFlow Flow { get; }
    /// <summary>The new output's weight per small pixel.</summary>
    public float[] Weight { get; }
    public float[] WeightScratch { get; }
    /// <summary>One row of small-image values (grey sums; weight and flow triples).</summary>
    public float[] RowScratch { get; }
    /// <summary>The last stabilized output, planar RGB like the network's.</summary>
    public float[] History { get; }
    /// <summary>Per full-size column (row): the small column (row) left of (above) its centre and the fraction towards the next.</summary>
    public int[] ColumnStart { get; }
    public float[] ColumnFraction { get; }
    public int[] RowStart { get; }
    public float[] RowFraction { get; }

    public void SwapGrey() => _current = 1 - _current;

    /// <summary>Flow from the current grey image to the previous one.</summary>
    public void ComputeFlow() => Flow.Compute(aToB: _current == 0);

    public static unsafe Span<byte> Bytes(Mat mat) => new((void*)mat.Data, mat.Rows * mat.Cols * mat.Channels());
    public static unsafe Span<float> Floats(Mat mat) => new((void*)mat.Data, mat.Rows * mat.Cols * mat.Channels());

    private static (int[], float[]) SmallSamples(int full, int small)
    {
        var start = new int[full];
        var fraction = new float[full];
        var scale = (float)small / full;
        for (var i = 0; i < full; i++)
        {
            var position = Math.Clamp((i + 0.5f) * scale - 0.5f, 0f, small - 1);
            start[i] = Math.Min((int)position, Math.Max(0, small - 2));
            fraction[i] = small > 1 ? position - start[i] : 0f;
        }
        return (start, fraction);
    }

    public void Dispose()
    {
        Flow.Dispose();
        FlowImage.Dispose();
        foreach (var grey in _grey) grey.Dispose();
    }
}
