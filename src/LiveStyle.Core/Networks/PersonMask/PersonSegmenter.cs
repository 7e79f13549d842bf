using LiveStyle.Core.Imaging;
using LiveStyle.Core.Inference;
using Microsoft.ML.OnnxRuntime;
using OpenCvSharp;

namespace LiveStyle.Core.Networks.PersonMask;

/// <summary>
/// Runs the person-mask model on a shrunk copy of each frame: BGR frame → RGB planar floats at
/// <see cref="InputWidth"/>×<see cref="InputHeight"/> → the person's probability per pixel of that
/// size. Buffers are made once per frame size and bound to the session, so a frame allocates nothing.
/// Not thread-safe: one caller at a time.
/// </summary>
public sealed class PersonSegmenter : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly int _side;
    private PlanarScaler? _scaler;
    private PlanarImage? _input;
    private float[] _probability = [];
    private OrtValue? _inputValue;
    private OrtValue? _outputValue;
    private OrtIoBinding? _binding;

    /// <param name="threads">ONNX Runtime's threads for this model (0: its default, one per core).</param>
    public PersonSegmenter(string modelPath, int side = MaskInputSize.DefaultSide, int threads = 0)
    {
        _side = side;
        using var options = SessionFactory.BaseOptions();
        if (threads > 0) options.IntraOpNumThreads = threads;
        if (!File.Exists(modelPath)) throw new LiveStyleException($"model not found: {modelPath}");
        try
        {
            _session = new InferenceSession(modelPath, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new LiveStyleException($"cannot load the model {modelPath}: {e.Message}. Delete it to have it rebuilt.", e);
        }
    }

    public int InputWidth => _input?.Width ?? 0;
    public int InputHeight => _input?.Height ?? 0;

    /// <summary>The person's probability, row-major at <see cref="InputWidth"/>×<see cref="InputHeight"/>, valid until the next call.</summary>
    public ReadOnlySpan<float> Segment(Mat bgr)
    {
        Prepare(bgr.Cols, bgr.Rows);
        _scaler!.Scale(bgr, _input!);
        _session.RunWithBinding(_runOptions, _binding!);
        return _probability;
    }

    /// <summary>Runs on RGB planar floats in [0,1] already at a size whose sides are multiples of 32 (tests, benchmarks).</summary>
    public float[] SegmentPlanar(PlanarImage image)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(image.Data, image.TensorShape);
        using var outputs = _session.Run(_runOptions, [SinetModelBuilder.ImageInput], [input], [SinetModelBuilder.PersonOutput]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    /// <summary>The mask logit (person's minus background's) [H,W] for RGB planar floats in [0,1] (tests).</summary>
    public float[] MaskLogit(PlanarImage image)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(image.Data, image.TensorShape);
        using var outputs = _session.Run(_runOptions, [SinetModelBuilder.ImageInput], [input], [SinetModelBuilder.MaskLogitOutput]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    private void Prepare(int frameWidth, int frameHeight)
    {
        if (_scaler is { } s && s.SourceWidth == frameWidth && s.SourceHeight == frameHeight) return;
        var (width, height) = MaskInputSize.For(frameWidth, frameHeight, _side);
        FreeBuffers();
        _scaler = new PlanarScaler(frameWidth, frameHeight, width, height);
        _input = new PlanarImage(width, height);
        _probability = new float[width * height];
        _inputValue = OrtValue.CreateTensorValueFromMemory(_input.Data, _input.TensorShape);
        _outputValue = OrtValue.CreateTensorValueFromMemory(_probability, [1, 1, height, width]);
        _binding = _session.CreateIoBinding();
        _binding.BindInput(SinetModelBuilder.ImageInput, _inputValue);
        _binding.BindOutput(SinetModelBuilder.PersonOutput, _outputValue);
    }

    private void FreeBuffers()
    {
        _binding?.Dispose();
        _inputValue?.Dispose();
        _outputValue?.Dispose();
    }

    public void Dispose()
    {
        FreeBuffers();
        _runOptions.Dispose();
        _session.Dispose();
    }
}
