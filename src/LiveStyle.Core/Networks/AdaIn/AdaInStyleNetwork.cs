using LiveStyle.Core.Imaging;
using LiveStyle.Core.Inference;
using LiveStyle.Core.Models;
using LiveStyle.Core.Networks.AdaIn;
using LiveStyle.Core.Pipeline;
using LiveStyle.Core.Quantization;
using LiveStyle.Core.Styling;

namespace LiveStyle.Core.Networks.AdaIn;

/// <summary>
/// AdaIN-VGG behind the network contract: signals are relu4_1's 512 means then 512 standard
/// deviations; strength is the stylizer's in-graph α blend of content and style statistics.
/// </summary>
public sealed class AdaInStyleNetwork : IStyleNetwork
{
    /// <summary>The live view's default inference size (shorter side 256): AdaIN's 223 GFLOP per 640×360 frame is far from real time on a CPU.</summary>
    public static readonly InferenceSize DefaultLiveSize = new(256, 0, 0);

    private readonly AdaInStyleEncoder _styleEncoder;
    private readonly AdaInStylizer _stylizer;

    public AdaInStyleNetwork(AdaInStyleEncoder styleEncoder, string styleEncoderPath, AdaInStylizer stylizer, Precision precision, string description)
    {
        _styleEncoder = styleEncoder;
        _stylizer = stylizer;
        Precision = precision;
        Description = description;
        StyleEncoderKey = Path.GetFileNameWithoutExtension(styleEncoderPath);
    }

    /// <summary>Opens the style encoder and the stylizer of --precision (built on first use) on --device.</summary>
    public static AdaInStyleNetwork Open(ModelStore store, Precision precision, ExecutionDevice device, CalibrationOptions calibration, Action<string> log)
    {
        var encoderPath = store.GetOrBuild(AdaInModel.StyleEncoder, log);
        var encoder = new AdaInStyleEncoder(encoderPath, device, log);
        try
        {
            var model = AdaInStylizerModel.Locate(store, precision, device, calibration, log);
            return new AdaInStyleNetwork(encoder, encoderPath, new AdaInStylizer(model.Path, device, log), model.Precision, model.Description);
        }
        catch
        {
            encoder.Dispose();
            throw;
        }
    }

    public StyleNetworkKind Kind => StyleNetworkKind.AdaIn;
    public int SignalLength => 2 * StyleStatistics.Channels;
    public Precision Precision { get; }
    public string DeviceName => _stylizer.DeviceName;
    public string Description { get; }
    public string StyleEncoderKey { get; }

    public StyleSignals EncodeStyle(PlanarImage style) => _styleEncoder.Encode(style).ToSignals();

    public IFrameStylizer CreateFrameStylizer(int width, int height) => new FrameStylizer(_stylizer, _stylizer.CreateBuffers(width, height));

    public void Dispose()
    {
        _stylizer.Dispose();
        _styleEncoder.Dispose();
    }

    private sealed class FrameStylizer(AdaInStylizer stylizer, AdaInStylizerBuffers buffers) : IFrameStylizer
    {
        public int Width => buffers.Width;
        public int Height => buffers.Height;
        public PlanarImage Content => buffers.Content;
        public PlanarImage Output => buffers.Output;

        public void Run(StyleSignals signals, float strength)
        {
            var values = signals.Values.AsSpan();
            var channels = StyleStatistics.Channels;
            if (values.Length != 2 * channels)
                throw new ArgumentException($"AdaIN style signals hold {2 * channels} values, got {values.Length}");
            stylizer.Run(buffers, values[..channels], values[channels..], strength);
        }

        public void Dispose() => buffers.Dispose();
    }
}
