using System.Diagnostics;
using LiveStyle.Core.Imaging;
using LiveStyle.Core.Models;
using LiveStyle.Core.Networks.MicroAst.Cpu;
using LiveStyle.Core.Threading;
using LiveStyle.Core.Styling;
using Microsoft.ML.OnnxRuntime;

namespace LiveStyle.Core.Networks.MicroAst;

/// <summary>
/// One resolution of the fast network (MicroAST). With the network's CPU ends, a run is the CPU head
/// (frame → quarter-size features), the ONNX core bound to the head's output and the tail's input,
/// then the CPU tail (→ image); otherwise the whole stylizer bound to the frame and the image.
/// Besides that it keeps a small copy of the frame and the style encoder bound to it, for the
/// frame's own signals that strength blends towards; they are refreshed every few frames. Nothing
/// here allocates per frame.
/// </summary>
internal sealed class MicroAstFrameStylizer : IFrameStylizer
{
    private readonly MicroAstStyleNetwork _network;
    private readonly float[] _signals = new float[MicroAstSignals.Length];
    private readonly float[] _frameSignals = new float[MicroAstSignals.Length];
    private readonly PlanarImage _small;
    private readonly PlanarResizer _shrink;
    private readonly OrtValue[] _values;
    private readonly OrtIoBinding _stylizerBinding;
    private readonly OrtIoBinding _encoderBinding;
    private readonly MicroAstCpuEnds? _ends;
    private int _framesSinceFrameSignals = int.MaxValue;

    public MicroAstFrameStylizer(MicroAstStyleNetwork network, int width, int height)
    {
        if (width < 16 || height < 16)
            throw new LiveStyleException($"the stylizer needs images of at least 16×16 pixels, got {width}×{height}");
        _network = network;
        Width = width;
        Height = height;
        Content = new PlanarImage(width, height);
        Output = new PlanarImage(width, height);
        var (smallWidth, smallHeight) = SmallSize(width, height, network.FrameSignalsSize);
        _small = new PlanarImage(smallWidth, smallHeight);
        _shrink = new PlanarResizer(width, height, smallWidth, smallHeight);

        long[] signalsShape = [1, MicroAstSignals.Length];
        _ends = network.Ends is { } weights ? new MicroAstCpuEnds(weights, width, height, WorkerTeam.DefaultHelpers) : null;
        var (input, output) = _ends is { } ends
            ? (OrtValue.CreateTensorValueFromMemory(ends.Head.Output, [1, ends.Head.OutputChannels, ends.Head.OutputHeight, ends.Head.OutputWidth]),
               OrtValue.CreateTensorValueFromMemory(ends.Tail.Input, [1, ends.Tail.InputChannels, ends.Tail.InputHeight, ends.Tail.InputWidth]))
            : (OrtValue.CreateTensorValueFromMemory(Content.Data, Content.TensorShape), OrtValue.CreateTensorValueFromMemory(Output.Data, Output.TensorShape));
        _values =
        [
            input,
            OrtValue.CreateTensorValueFromMemory(_signals, signalsShape),
            output,
            OrtValue.CreateTensorValueFromMemory(_small.Data, _small.TensorShape),
            OrtValue.CreateTensorValueFromMemory(_frameSignals, signalsShape),
        ];
        _stylizerBinding = network.StylizerSession.CreateIoBinding();
        _stylizerBinding.BindInput(_ends is null ? ModelNames.Content : ModelNames.Head, _values[0]);
        _stylizerBinding.BindInput(ModelNames.Signals, _values[1]);
        _stylizerBinding.BindOutput(_ends is null ? ModelNames.Image : ModelNames.Tail, _values[2]);
        _encoderBinding = network.StyleEncoderSession.CreateIoBinding();
        _encoderBinding.BindInput(ModelNames.Image, _values[3]);
        _encoderBinding.BindOutput(ModelNames.Signals, _values[4]);
    }

    public int Width { get; }
    public int Height { get; }
    public PlanarImage Content { get; }
    public PlanarImage Output { get; }

    public void Run(StyleSignals signals, float strength)
    {
        if (!(strength >= 0f && strength <= 1f))
            throw new ArgumentOutOfRangeException(nameof(strength), strength, "strength must lie in [0, 1]");
        if (signals.Length != MicroAstSignals.Length)
            throw new ArgumentException($"the fast network's style signals hold {MicroAstSignals.Length} values, got {signals.Length}");

        if (_framesSinceFrameSignals < int.MaxValue) _framesSinceFrameSignals++;
        if (strength >= 1f)
        {
            signals.Values.CopyTo(_signals, 0);
        }
        else
        {
            if (_framesSinceFrameSignals >= _network.FrameSignalsInterval) RefreshFrameSignals();
            StyleSignals.Lerp(_frameSignals, signals.Values, strength, _signals);
        }
        var started = Stopwatch.GetTimestamp();
        _ends?.RunHead(Content);
        var headDone = Stopwatch.GetTimestamp();
        _network.StylizerSession.RunWithBinding(_network.RunOptions, _stylizerBinding);
        var coreDone = Stopwatch.GetTimestamp();
        _ends?.RunTail(Output);
        LastStages = (Stopwatch.GetElapsedTime(started, headDone).TotalMilliseconds, Stopwatch.GetElapsedTime(headDone, coreDone).TotalMilliseconds,
            Stopwatch.GetElapsedTime(coreDone).TotalMilliseconds);
    }

    /// <summary>The last run's CPU head, ONNX Runtime and CPU tail, in milliseconds (head and tail 0 without CPU ends).</summary>
    internal (double Head, double Onnx, double Tail) LastStages { get; private set; }

    private void RefreshFrameSignals()
    {
        _shrink.Resize(Content, _small);
        _network.StyleEncoderSession.RunWithBinding(_network.RunOptions, _encoderBinding);
        _framesSinceFrameSignals = 0;
    }

    /// <summary>The frame copy's size: shorter side <paramref name="shorterSide"/> (never enlarged, at least 16), same aspect.</summary>
    internal static (int Width, int Height) SmallSize(int width, int height, int shorterSide)
    {
        var scale = Math.Min(1.0, (double)shorterSide / Math.Min(width, height));
        return (Math.Max(16, (int)Math.Round(width * scale)), Math.Max(16, (int)Math.Round(height * scale)));
    }

    public void Dispose()
    {
        _encoderBinding.Dispose();
        _stylizerBinding.Dispose();
        foreach (var value in _values) value.Dispose();
        _ends?.Dispose();
    }
}
