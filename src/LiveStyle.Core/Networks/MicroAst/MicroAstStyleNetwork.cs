using LiveStyle.Core.Imaging;
using LiveStyle.Core.Inference;
using LiveStyle.Core.Models;
using LiveStyle.Core.Quantization;
using LiveStyle.Core.Styling;
using Microsoft.ML.OnnxRuntime;

namespace LiveStyle.Core.Networks.MicroAst;

/// <summary>
/// MicroAST (the fast network) behind the network contract: signals are the fast style encoder's
/// 512 floats (see <see cref="MicroAstSignals"/>). The network's own α
/// breaks below 1, so strength instead blends the style's signals with the frame's own signals
/// (the style encoder run on a small copy of the frame): s = (1−α)·s_frame + α·s_style.
/// </summary>
public sealed class MicroAstStyleNetwork : IStyleNetwork
{
    private readonly InferenceSession _styleEncoder;
    private readonly InferenceSession _stylizer;
    private readonly RunOptions _runOptions = new();

    public MicroAstStyleNetwork(string styleEncoderPath, string stylizerPath, ExecutionDevice device, Precision precision, string description, Action<string>? log = null)
    {
        (_styleEncoder, _) = SessionFactory.Open(styleEncoderPath, device, log);
        try
        {
            (_stylizer, DeviceName) = SessionFactory.Open(stylizerPath, device, log);
        }
        catch
        {
            _styleEncoder.Dispose();
            throw;
        }
        Precision = precision;
        Description = description;
        StyleEncoderKey = Path.GetFileNameWithoutExtension(styleEncoderPath);
    }

    /// <summary>
    /// Opens the fast style encoder and the fast stylizer of --precision (int8 through its quality
    /// gate, see <see cref="FastStylizerModel"/>) on --device, building them on first use.
    /// </summary>
    public static MicroAstStyleNetwork Open(ModelStore store, Precision precision, ExecutionDevice device, CalibrationOptions calibration, Action<string> log)
    {
        var encoderPath = store.GetOrBuild(ModelKind.FastStyleEncoder, log);
        var model = FastStylizerModel.Locate(store, precision, device, calibration, log);
        return new MicroAstStyleNetwork(encoderPath, model.Path, device, model.Precision, model.Description, log);
    }

    public StyleNetworkKind Kind => StyleNetworkKind.Fast;
    public int SignalLength => MicroAstSignals.Length;
    public Precision Precision { get; }
    public string DeviceName { get; }
    public string Description { get; }
    public string StyleEncoderKey { get; }

    /// <summary>Shorter side of the frame copy whose signals strength blends towards.</summary>
    public int FrameSignalsSize { get; init; } = 192;
    /// <summary>The frame's own signals are recomputed every this many frames (they change slowly and cost an encoder run).</summary>
    public int FrameSignalsInterval { get; init; } = 4;

    public StyleSignals EncodeStyle(PlanarImage style)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(style.Data, style.TensorShape);
        using var runOptions = new RunOptions();
        using var outputs = _styleEncoder.Run(runOptions, [ModelNames.Image], [input], [ModelNames.Signals]);
        return new StyleSignals(outputs[0].GetTensorDataAsSpan<float>().ToArray());
    }

    public IFrameStylizer CreateFrameStylizer(int width, int height) => new MicroAstFrameStylizer(this, width, height);

    internal InferenceSession StylizerSession => _stylizer;
    internal InferenceSession StyleEncoderSession => _styleEncoder;
    internal RunOptions RunOptions => _runOptions;

    public void Dispose()
    {
        _runOptions.Dispose();
        _stylizer.Dispose();
        _styleEncoder.Dispose();
    }
}
