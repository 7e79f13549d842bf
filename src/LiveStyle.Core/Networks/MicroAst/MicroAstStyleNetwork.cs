using LiveStyle.Core.Imaging;
using LiveStyle.Core.Inference;
using LiveStyle.Core.Models;
using LiveStyle.Core.Networks.MicroAst.Cpu;
using LiveStyle.Core.Onnx;
using LiveStyle.Core.Pipeline;
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
    /// <summary>The live view's default inference size: shorter side 360 (640×360 for a 16:9 camera), which the fast network keeps up with on a CPU.</summary>
    public static readonly InferenceSize DefaultLiveSize = new(360, 0, 0);

    private readonly InferenceSession _styleEncoder;
    private readonly InferenceSession _stylizer;
    private readonly RunOptions _runOptions = new();

    public MicroAstStyleNetwork(string styleEncoderPath, string stylizerPath, ExecutionDevice device, Precision precision, string description, Action<string>? log = null)
        : this(styleEncoderPath, device, () => SessionFactory.Open(stylizerPath, device, log), null, precision, description, log)
    {
    }

    /// <param name="openStylizer">Opens the stylizer: the whole network, or the core when <paramref name="ends"/> is given.</param>
    /// <param name="ends">The weights of the full-resolution layers, run on the CPU around the core (see <see cref="MicroAstCpuEnds"/>).</param>
    private MicroAstStyleNetwork(string styleEncoderPath, ExecutionDevice device, Func<(InferenceSession, string)> openStylizer, MicroAstEndWeights? ends, Precision precision,
        string description, Action<string>? log)
    {
        (_styleEncoder, _) = SessionFactory.Open(styleEncoderPath, device, log);
        try
        {
            (_stylizer, DeviceName) = openStylizer();
        }
        catch
        {
            _styleEncoder.Dispose();
            throw;
        }
        Ends = ends;
        Precision = precision;
        Description = description;
        StyleEncoderKey = Path.GetFileNameWithoutExtension(styleEncoderPath);
    }

    /// <summary>
    /// Opens the fast style encoder and the fast stylizer of --precision (int8 through its quality
    /// gate, see <see cref="MicroAstStylizerModel"/>) on --device, building them on first use. On a CPU
    /// with AVX-512 the stylizer's full-resolution layers run in LiveStyle's own kernels around an
    /// ONNX core (<paramref name="cpuEnds"/> false: the whole stylizer in ONNX Runtime).
    /// </summary>
    /// <param name="cpu">The instruction sets to choose the kernels by (<see cref="CpuKernelChoice.For"/>): this CPU's, or fewer (tests and the bench run the AVX2 path on an AVX-512 machine).</param>
    public static MicroAstStyleNetwork Open(ModelStore store, Precision precision, ExecutionDevice device, CalibrationOptions calibration, Action<string> log,
        bool cpuEnds = true, CpuFeatures? cpu = null)
    {
        var features = cpu ?? CpuFeatures.Current;
        if (!features.IsSubsetOf(CpuFeatures.Current)) throw new ArgumentException($"this CPU lacks instruction sets of {features}", nameof(cpu));
        var choice = CpuKernelChoice.For(features);
        var encoderPath = store.GetOrBuild(MicroAstModel.StyleEncoder, log);
        var model = MicroAstStylizerModel.Locate(store, precision, device, calibration, log);
        if (!cpuEnds || !RunsOnTheCpu(device) || !choice.HasKernels || (model.Precision == Precision.Int8 && model.Ranges is null))
        {
            if (RunsOnTheCpu(device)) log($"fast network: the whole graph in ONNX Runtime ({(cpuEnds ? choice.Reason : "CPU kernels turned off")})");
            if (model.Precision == Precision.Int8 && model.Ranges is { } ranges && RunsOnTheCpu(device))
                return WholeInt8WithFloatFirstConv(store, encoderPath, ranges.Plan, model.Description, log);
            return new MicroAstStyleNetwork(encoderPath, device, () => WholeGraphOn(model.Path, device, log), null, model.Precision, model.Description, log);
        }

        var weights = store.Weights(MicroAstModels.Family);
        var core = OnnxWriter.Serialize(MicroAstModelBuilder.Build(MicroAstModel.Stylizer, weights, MicroAstBuildOptions.Default with { CpuEnds = true },
            model.Ranges?.Plan));
        log($"fast network: full-resolution layers in CPU kernels ({choice.Reason})");
        return new MicroAstStyleNetwork(encoderPath, ExecutionDevice.Cpu, () => (SessionFactory.OpenCpu(core), $"{SessionFactory.CpuDeviceName}, {choice.ShortName}"),
            new MicroAstEndWeights(weights, model.Ranges?.Plan, choice), model.Precision, $"{model.Description}; full-resolution layers in CPU kernels ({choice.Reason})", log);
    }

    /// <summary>
    /// The whole int8 stylizer in ONNX Runtime, built from the gated plan with the first conv (enc1.0)
    /// kept float: the CPU kernels run that conv faster in int8, but ONNX Runtime runs its three input
    /// channels slower (48.4 against 45.5 ms at 640×360, alternating runs), and with one conv fewer in int8
    /// the result measured nearer fp32 (the gate: 38.5 / 34.0 dB this way, 37.7 / 31.8 with it).
    /// </summary>
    private static MicroAstStyleNetwork WholeInt8WithFloatFirstConv(ModelStore store, string encoderPath, StylizerQuantization plan, string description, Action<string> log)
    {
        var first = MicroAstArchitecture.EncoderStem[0].Key;
        var fewer = plan with { FloatLayers = new HashSet<string>(plan.FloatLayers) { first } };
        var model = OnnxWriter.Serialize(MicroAstModelBuilder.Build(MicroAstModel.Stylizer, store.Weights(MicroAstModels.Family), quantization: fewer));
        return new MicroAstStyleNetwork(encoderPath, ExecutionDevice.Cpu, () => (SessionFactory.OpenCpu(model), $"{SessionFactory.CpuDeviceName}, {WholeGraph}"),
            null, Precision.Int8, $"{description}; {first} in fp32", log);
    }

    private const string WholeGraph = "whole graph";

    /// <summary>The whole stylizer on the device; on the CPU its name says so (the overlay tells it from the kernels' path).</summary>
    private static (InferenceSession, string) WholeGraphOn(string path, ExecutionDevice device, Action<string> log)
    {
        var (session, name) = SessionFactory.Open(path, device, log);
        return (session, name == SessionFactory.CpuDeviceName ? $"{name}, {WholeGraph}" : name);
    }

    /// <summary>--device cpu, or auto where DirectML cannot run.</summary>
    private static bool RunsOnTheCpu(ExecutionDevice device) =>
        device.Kind == DeviceKind.Cpu || (device.Kind == DeviceKind.Auto && SessionFactory.DirectMLUnavailableReason() is not null);

    public StyleNetworkKind Kind => StyleNetworkKind.MicroAst;
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

    /// <summary>Set when the stylizer session is the core and the full-resolution layers run on the CPU.</summary>
    internal MicroAstEndWeights? Ends { get; }

    /// <summary>True when the full-resolution layers run in LiveStyle's CPU kernels around an ONNX core.</summary>
    public bool HasCpuEnds => Ends is not null;

    /// <summary>The kernel path and int8 sums the CPU ends run (null: whole graph).</summary>
    public CpuKernelChoice? Kernels => Ends?.Choice;

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
