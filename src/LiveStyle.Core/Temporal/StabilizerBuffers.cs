using OpenCvSharp;

namespace LiveStyle.Core.Temporal;

/// <summary>
/// The stabilizer's working images for one frame size, made once. Two grids below the frame: the
/// flow grid (a grey copy about <c>flowShorterSide</c> pixels on its shorter side, where Farneback
/// runs) and the decision grid (half the frame's size in colour, where each pixel's weight and flow
/// are decided: fine enough to follow a person's outline, averaged enough to calm sensor noise).
/// </summary>
internal sealed class StabilizerBuffers : IDisposable
{
    private readonly Mat[] _grey;
    private readonly float[][] _reference;
    private readonly float[][] _history;
    private int _currentReference;
    private int _currentHistory;
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
        DecisionWidth = Math.Max(1, width / 2);
        DecisionHeight = Math.Max(1, height / 2);
        var decisionPixels = DecisionWidth * DecisionHeight;
        CurrentColour = new float[3 * decisionPixels];
        _reference = [new float[3 * decisionPixels], new float[3 * decisionPixels]];
        AlongFlow = new float[3 * decisionPixels];
        Weight = new float[decisionPixels];
        StandingChange = new float[decisionPixels];
        FlowChange = new float[decisionPixels];
        StandingRowMean = new float[decisionPixels];
        FlowRowMean = new float[decisionPixels];
        FlowX = new float[decisionPixels];
        FlowY = new float[decisionPixels];
        FramesSinceReplaced = new int[decisionPixels];
        RowScratchLength = Math.Max(width, 3 * Math.Max(SmallWidth, DecisionWidth) + 8);
        _history = [new float[3 * width * height], new float[3 * width * height]];
        (ColumnStart, ColumnFraction) = Samples(width, DecisionWidth);
        (RowStart, RowFraction) = Samples(height, DecisionHeight);
        (FlowColumnStart, FlowColumnFraction) = Samples(DecisionWidth, SmallWidth);
        (FlowRowStart, FlowRowFraction) = Samples(DecisionHeight, SmallHeight);
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
    public int DecisionWidth { get; }
    public int DecisionHeight { get; }
    /// <summary>The frame at the decision grid's size, planar RGB in 0…255 (2×2 means).</summary>
    public float[] CurrentColour { get; }
    /// <summary>The colour the history shows, per decision pixel: carried along the flow and blended with the same weights as the output.</summary>
    public float[] Reference => _reference[_currentReference];
    /// <summary>Where the next reference is written before <see cref="SwapReference"/>.</summary>
    public float[] NextReference => _reference[1 - _currentReference];
    public void SwapReference() => _currentReference = 1 - _currentReference;
    /// <summary>The reference sampled where the flow says each decision pixel was (clamped to the grid), planar RGB.</summary>
    public float[] AlongFlow { get; }
    /// <summary>The new output's weight per decision pixel.</summary>
    public float[] Weight { get; }
    /// <summary>Per decision pixel, how much the colour changed in place, and along the flow (0…255, mean over channels; out of the grid 255).</summary>
    public float[] StandingChange { get; }
    public float[] FlowChange { get; }
    /// <summary>The same, as means over each pixel and its left and right neighbours (the first half of a 3×3 mean).</summary>
    public float[] StandingRowMean { get; }
    public float[] FlowRowMean { get; }
    /// <summary>
    /// Per decision pixel, where the history is sampled from in full-size pixels: the flow, until
    /// <see cref="StabilizerDecision.DecideRows"/> sets (0, 0) where the pixel stands still.
    /// </summary>
    public float[] FlowX { get; }
    public float[] FlowY { get; }
    /// <summary>Per decision pixel, frames since the new output last replaced most of the history (saturating at 255).</summary>
    public int[] FramesSinceReplaced { get; }
    /// <summary>The length of each thread's row scratch (a row of grey sums, a flow row, a row of weights and flows; 8 to spare for 8-float loads at the end).</summary>
    public int RowScratchLength { get; }
    /// <summary>The last stabilized output, planar RGB like the network's.</summary>
    public float[] History => _history[_currentHistory];
    /// <summary>Where this frame's stabilized output is copied while it is blended (the history is read around each pixel meanwhile).</summary>
    public float[] NextHistory => _history[1 - _currentHistory];
    public void SwapHistory() => _currentHistory = 1 - _currentHistory;
    /// <summary>Per full-size column (row): the decision column (row) left of (above) its centre and the fraction towards the next.</summary>
    public int[] ColumnStart { get; }
    public float[] ColumnFraction { get; }
    public int[] RowStart { get; }
    public float[] RowFraction { get; }
    /// <summary>Per decision column (row): the same towards the flow grid.</summary>
    public int[] FlowColumnStart { get; }
    public float[] FlowColumnFraction { get; }
    public int[] FlowRowStart { get; }
    public float[] FlowRowFraction { get; }

    public void SwapGrey() => _current = 1 - _current;

    /// <summary>Flow from the current grey image to the previous one.</summary>
    public void ComputeFlow(int iterations) => Flow.Compute(aToB: _current == 0, iterations);

    public static unsafe Span<byte> Bytes(Mat mat) => new((void*)mat.Data, mat.Rows * mat.Cols * mat.Channels());
    public static unsafe Span<float> Floats(Mat mat) => new((void*)mat.Data, mat.Rows * mat.Cols * mat.Channels());

    /// <summary>For each of <paramref name="fine"/> positions, the coarse sample left of its centre and the fraction towards the next one.</summary>
    private static (int[], float[]) Samples(int fine, int coarse)
    {
        var start = new int[fine];
        var fraction = new float[fine];
        var scale = (float)coarse / fine;
        for (var i = 0; i < fine; i++)
        {
            var position = Math.Clamp((i + 0.5f) * scale - 0.5f, 0f, coarse - 1);
            start[i] = Math.Min((int)position, Math.Max(0, coarse - 2));
            fraction[i] = coarse > 1 ? position - start[i] : 0f;
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
