using System.Globalization;
using System.Text;
using LiveStyle.Core.Networks;
using LiveStyle.Core.Pipeline;
using LiveStyle.Core.Temporal;
using LiveStyle.Core.Networks.PersonMask;

namespace LiveStyle.App.Live;

/// <summary>The status lines of the overlay and the headless log: style, α, rates, network, precision, device, messages.</summary>
public static class LiveStatus
{
    public static string Describe(LivePipeline pipeline, double displayFps, string recentMessage, bool paused, string outputs)
    {
        var capture = pipeline.Capture.Status;
        var inference = pipeline.Inference;
        var (width, height) = inference.CurrentSize;
        var (outputWidth, outputHeight) = inference.OutputSize;
        var size = (outputWidth, outputHeight) == (width, height) || outputWidth == 0
            ? $"{width}x{height}"
            : $"{width}x{height} -> {outputWidth}x{outputHeight} ({Core.Pipeline.Upscaling.Name(inference.Upscale)})";
        var text = new StringBuilder();
        var style = pipeline.Styles.Description;
        text.Append(CultureInfo.InvariantCulture, $"style {pipeline.Styles.Index + 1}/{pipeline.Styles.Count}: {style}");
        text.Append(CultureInfo.InvariantCulture, $"  alpha {pipeline.Styles.Alpha:F2}{(paused ? "  PAUSED" : "")}\n");
        text.Append(CultureInfo.InvariantCulture, $"capture {capture.Fps:F1} fps  {capture.SourceName}, dropped {pipeline.Captured.Dropped}\n");
        text.Append(CultureInfo.InvariantCulture, $"inference {inference.Rate.PerSecond:F1} fps  {inference.LastInferenceMilliseconds:F0} ms at {size}  {inference.Temporal.Describe()}{(inference.Regions is { Mode: not StylizedRegions.All } r ? $"  regions {r.Mode.Name()}" : "")}\n");
        text.Append(CultureInfo.InvariantCulture, $"network {(inference.Network is { } network ? StyleNetworks.Summary(network) : "(preparing)")}{(inference.Switching ? " (switching)" : "")}");
        if (displayFps >= 0) text.Append(CultureInfo.InvariantCulture, $"  display {displayFps:F0} fps");
        if (outputs.Length > 0) text.Append('\n').Append(outputs);
        if (capture.State != CaptureState.Running) text.Append('\n').Append(capture.Message);
        if (recentMessage.Length > 0) text.Append('\n').Append(recentMessage);
        return text.ToString();
    }
}
