using LiveStyle.Core.Imaging;
using LiveStyle.Core.Inference;
using LiveStyle.Core.Models;
using LiveStyle.Core.Styling;
using Microsoft.ML.OnnxRuntime;

using LiveStyle.Core.Quantization;

namespace LiveStyle.Core.Networks.AdaIn;

/// <summary>
/// Runs the float stylizer that outputs every activation (<see cref="AdaInModel.CalibrationStylizer"/>)
/// over every content image × every style at α = 1, and collects what quantization needs to know.
/// </summary>
public static class AdaInCalibrator
{
    /// <summary>Each activation's distribution (for its quantization range).</summary>
    public static IReadOnlyDictionary<string, ActivationHistogram> Histograms(byte[] calibrationModel,
        IReadOnlyList<PlanarImage> contents, IReadOnlyList<StyleStatistics> styles)
    {
        var histograms = new Dictionary<string, ActivationHistogram>();
        Run(calibrationModel, contents, styles, (label, values, _) =>
        {
            if (!histograms.TryGetValue(label, out var histogram)) histograms[label] = histogram = new ActivationHistogram();
            histogram.Add(values);
        });
        return histograms;
    }

    /// <summary>Each activation's largest magnitude per channel (for <see cref="ChannelEqualization"/>).</summary>
    public static IReadOnlyDictionary<string, float[]> Maxima(byte[] calibrationModel,
        IReadOnlyList<PlanarImage> contents, IReadOnlyList<StyleStatistics> styles)
    {
        var maxima = new Dictionary<string, ChannelMaxima>();
        Run(calibrationModel, contents, styles, (label, values, channels) =>
        {
            if (!maxima.TryGetValue(label, out var m)) maxima[label] = m = new ChannelMaxima();
            m.Add(values, channels);
        });
        return maxima.ToDictionary(m => m.Key, m => m.Value.Values!);
    }

    private delegate void Observer(string label, ReadOnlySpan<float> values, int channels);

    private static void Run(byte[] calibrationModel, IReadOnlyList<PlanarImage> contents, IReadOnlyList<StyleStatistics> styles, Observer observe)
    {
        using var session = SessionFactory.OpenCpu(calibrationModel);
        var outputs = session.OutputNames.ToArray();
        var labels = outputs.Select(name => name[ModelNames.ActivationOutput("").Length..]).ToArray();
        using var runOptions = new RunOptions();
        float[] alpha = [1f];
        foreach (var content in contents)
        {
            foreach (var style in styles)
            {
                using var contentValue = OrtValue.CreateTensorValueFromMemory(content.Data, content.TensorShape);
                using var meanValue = OrtValue.CreateTensorValueFromMemory(style.Mean, [1, StyleStatistics.Channels]);
                using var stdValue = OrtValue.CreateTensorValueFromMemory(style.Std, [1, StyleStatistics.Channels]);
                using var alphaValue = OrtValue.CreateTensorValueFromMemory(alpha, [1]);
                using var results = session.Run(runOptions, AdaInStylizer.InputNames, [contentValue, meanValue, stdValue, alphaValue], outputs);
                for (var i = 0; i < outputs.Length; i++)
                    observe(labels[i], results[i].GetTensorDataAsSpan<float>(), (int)results[i].GetTensorTypeAndShape().Shape[1]);
            }
        }
    }
}
