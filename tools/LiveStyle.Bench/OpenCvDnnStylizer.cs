using LiveStyle.Core.Models;
using LiveStyle.Core.Networks.AdaIn;
using LiveStyle.Core.Onnx;
using LiveStyle.Core.Styling;
using OpenCvSharp;
using OpenCvSharp.Dnn;

namespace LiveStyle.Bench;

/// <summary>
/// The same stylizer network run by OpenCV's DNN module. Its ONNX importer cannot take graphs
/// whose sizes come from Shape, so it gets the static-size build of the same model.
/// </summary>
public sealed class OpenCvDnnStylizer : IDisposable
{
    private readonly Net _net;
    private readonly Mat _content;
    private readonly Mat _mean;
    private readonly Mat _std;
    private readonly Mat _alpha;

    public OpenCvDnnStylizer(ModelStore store, int width, int height, float[] content, StyleStatistics style)
    {
        var model = AdaInModelBuilder.Build(AdaInModel.Stylizer, store.Weights(AdaInModels.Family).Encoder, store.Weights(AdaInModels.Family).Decoder, store.WeightsHash(AdaInModels.Family), (width, height));
        var path = Path.Combine(Path.GetTempPath(), $"livestyle-bench-static-{width}x{height}-{Environment.ProcessId}.onnx");
        OnnxWriter.Save(model, path);
        try
        {
            _net = CvDnn.ReadNetFromOnnx(path) ?? throw new InvalidOperationException("OpenCV DNN returned no network");
        }
        finally
        {
            File.Delete(path);
        }
        _net.SetPreferableBackend(Backend.OPENCV);
        _net.SetPreferableTarget(Target.CPU);
        _content = Mat.FromPixelData(new[] { 1, 3, height, width }, MatType.CV_32F, content);
        _mean = Mat.FromPixelData(new[] { 1, StyleStatistics.Channels }, MatType.CV_32F, style.Mean);
        _std = Mat.FromPixelData(new[] { 1, StyleStatistics.Channels }, MatType.CV_32F, style.Std);
        _alpha = Mat.FromPixelData(new[] { 1 }, MatType.CV_32F, new[] { 1f });
    }

    public void Run()
    {
        _net.SetInput(_content, ModelNames.Content);
        _net.SetInput(_mean, ModelNames.StyleMean);
        _net.SetInput(_std, ModelNames.StyleStd);
        _net.SetInput(_alpha, ModelNames.Alpha);
        using var output = _net.Forward(ModelNames.Image);
    }

    public void Dispose()
    {
        _net.Dispose();
        _content.Dispose();
        _mean.Dispose();
        _std.Dispose();
        _alpha.Dispose();
    }
}
