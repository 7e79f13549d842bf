using System.Diagnostics;
using LiveStyle.App.Cli;
using LiveStyle.Core;
using LiveStyle.Core.Imaging;
using LiveStyle.Core.Models;
using LiveStyle.Core.Networks;
using LiveStyle.Core.Networks.PersonMask;
using LiveStyle.Core.Sinks.Recording;
using LiveStyle.Core.Styling;
using LiveStyle.Core.Temporal;
using OpenCvSharp;

namespace LiveStyle.App.Stylize;

/// <summary>
/// `livestyle stylize --content VIDEO --style FILE --out VIDEO`: every frame of a video file,
/// stylized at --content-size and scaled back, written with the same frame count, frame rate and
/// size. The result goes to a temporary file that is renamed at the end, so a failure leaves
/// nothing half-written at --out.
/// </summary>
public static class VideoStylizeCommand
{
    public static bool IsVideo(string path) => LiveStyle.Core.Sources.SourceSpec.VideoExtensions.Contains(Path.GetExtension(path));

    public static int Run(StylizeOptions options, TextWriter log)
    {
        if (options.Styles.Count > 1 && options.StyleWeights is null)
            throw new UsageException("a video is stylized with one style, or a mix of styles with --style-weights");
        if (Directory.Exists(options.Out) || !IsVideo(options.Out))
            throw new UsageException($"--out {options.Out}: stylizing a video needs a video file name (.mp4, .avi, .mkv or .mov)");
        if (File.Exists(options.Out) && options.Styles.Prepend(options.Content).FirstOrDefault(i => LiveStyle.Core.Files.PathIdentity.SameFile(i, options.Out)) is { } input)
            throw new UsageException($"--out {options.Out} is the input {input}: it would be overwritten; choose another --out");
        var format = RecordingFormat.For(options.Out, VideoCodec.Auto, FfmpegPipeEncoder.IsAvailable);
        LiveStyle.Core.Files.OutputFolder.RequireWritable(Path.GetDirectoryName(Path.GetFullPath(options.Out))!);

        using var video = OpenVideo(options.Content);
        var width = video.FrameWidth;
        var height = video.FrameHeight;
        var fps = video.Fps is > 0 and < 1000 ? video.Fps : 30;
        var expectedFrames = video.FrameCount;

        var styleImages = options.Styles.Select(path => ImageFile.ReadBgr(path, "style image")).ToArray();
        var store = ModelStore.Locate(options.Weights);
        void Log(string message) => log.WriteLine($"livestyle: {message}");
        using var network = StyleNetworks.Open(options.Network, store, options.Precision, options.Device, options.Calibration, Log);
        Log($"network: {StyleNetworks.Summary(network)}, {network.Description}");
        var images = new ImageStylizer(network);
        var styles = styleImages.Select(image => images.EncodeStyle(image, options.StyleSize, crop: false)).ToArray();
        foreach (var image in styleImages) image.Dispose();
        var style = styles.Length == 1 ? styles[0] : StyleSignals.Mix(styles, options.StyleWeights!);
        StyleSignals? personStyle = null;
        if (options.PersonStyle is { } personStylePath)
        {
            using var personStyleImage = ImageFile.ReadBgr(personStylePath, "person style image");
            personStyle = images.EncodeStyle(personStyleImage, options.StyleSize, crop: false);
        }
        if (options.MaskOut is { } maskOutPath && !IsVideo(maskOutPath))
            throw new UsageException($"--mask-out {maskOutPath}: for a video the mask is written as a video (.mp4, .avi, .mkv or .mov)");
        using var masker = options.NeedsPersonMask ? PersonMasker.Open(store, newFrameWeight: 0.5f, Log) : null;

        var (inferWidth, inferHeight) = InferenceSize(width, height, options.ContentSize);
        using var buffers = network.CreateFrameStylizer(inferWidth, inferHeight);
        var scaler = new PlanarScaler(width, height, inferWidth, inferHeight);
        using var stabilizer = new TemporalStabilizer();
        using var personStabilizer = new TemporalStabilizer();
        using var personFull = new Mat();
        using var composed = new Mat();
        using var maskBytes = new Mat();
        using var maskBgr = new Mat();
        using var frame = new Mat();
        using var stylized = new Mat(inferHeight, inferWidth, MatType.CV_8UC3);
        using var full = new Mat();

        var maskTemporary = options.MaskOut is null ? null
            : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(options.MaskOut))!, $".{Path.GetFileNameWithoutExtension(options.MaskOut)}.{Guid.NewGuid():N}.tmp{Path.GetExtension(options.MaskOut)}");
        var temporary = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(options.Out))!, $".{Path.GetFileNameWithoutExtension(options.Out)}.{Guid.NewGuid():N}.tmp{Path.GetExtension(options.Out)}");
        Directory.CreateDirectory(Path.GetDirectoryName(temporary)!);
        var written = 0;
        var clock = Stopwatch.StartNew();
        var progress = new ProgressLine(log, expectedFrames);
        try
        {
            using (var encoder = Open(format, temporary, fps, width, height))
            using (var maskEncoder = options.MaskOut is null ? null : Open(RecordingFormat.For(options.MaskOut, VideoCodec.Auto, FfmpegPipeEncoder.IsAvailable), maskTemporary!, fps, width, height))
            {
                while (video.Read(frame) && !frame.Empty())
                {
                    scaler.Scale(frame, buffers.Content);
                    buffers.Run(style, options.Alpha);
                    if (options.Temporal == TemporalMode.On) stabilizer.Apply(buffers.Content, buffers.Output);
                    ImageConversion.ToBgr(buffers.Output, stylized);
                    Cv2.Resize(stylized, full, new Size(width, height), 0, 0, InterpolationFlags.Cubic);
                    if (masker is null)
                    {
                        encoder.Write(full);
                    }
                    else
                    {
                        var mask = masker.MaskFor(frame);
                        if (personStyle is not null)
                        {
                            buffers.Run(personStyle, options.Alpha);
                            if (options.Temporal == TemporalMode.On) personStabilizer.Apply(buffers.Content, buffers.Output);
                            ImageConversion.ToBgr(buffers.Output, stylized);
                            Cv2.Resize(stylized, personFull, new Size(width, height), 0, 0, InterpolationFlags.Cubic);
                            RegionComposer.Blend(mask, personFull, full, composed);
                        }
                        else
                        {
                            var (person, room) = RegionComposer.Sources(options.Regions, frame, full);
                            RegionComposer.Blend(mask, person, room, composed);
                        }
                        encoder.Write(composed);
                        if (maskEncoder is not null)
                        {
                            mask.ConvertTo(maskBytes, MatType.CV_8UC1, 255);
                            Cv2.CvtColor(maskBytes, maskBgr, ColorConversionCodes.GRAY2BGR);
                            maskEncoder.Write(maskBgr);
                        }
                    }
                    written++;
                    progress.Update(written, clock.Elapsed);
                }
                encoder.Close();
                maskEncoder?.Close();
            }
            if (written == 0) throw new LiveStyleException($"content video {options.Content} has no readable frames");
            File.Move(temporary, options.Out, overwrite: true);
            if (maskTemporary is not null) File.Move(maskTemporary, options.MaskOut!, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
            if (maskTemporary is not null && File.Exists(maskTemporary)) File.Delete(maskTemporary);
        }
        progress.Finish(written, clock.Elapsed);
        Log($"wrote {options.Out}: {written} frames, {width}x{height} at {fps:0.##} fps (stylized at {inferWidth}x{inferHeight}, {options.Temporal.Describe()}, regions {(personStyle is null ? options.Regions.Name() : "person and room in two styles")}, {clock.Elapsed.TotalSeconds / written:F2} s per frame)");
        return 0;
    }

    private static VideoCapture OpenVideo(string path)
    {
        if (!File.Exists(path)) throw new LiveStyleException($"content video not found: {path}");
        var video = new VideoCapture(path);
        if (!video.IsOpened() || video.FrameWidth <= 0 || video.FrameHeight <= 0)
        {
            video.Dispose();
            throw new LiveStyleException($"content video {path} cannot be read (corrupt, or a format OpenCV cannot decode)");
        }
        return video;
    }

    private static IVideoEncoder Open(RecordingFormat format, string path, double fps, int width, int height) =>
        format.UseFfmpeg
            ? new FfmpegPipeEncoder(path, format.Codec, fps, width, height)
            : new OpenCvVideoEncoder(path, format.Codec, fps, width, height);

    private static (int, int) InferenceSize(int width, int height, int shorterSide)
    {
        if (shorterSide <= 0 || shorterSide >= Math.Min(width, height)) return (width, height);
        var scale = (double)shorterSide / Math.Min(width, height);
        return (Math.Max(16, (int)Math.Round(width * scale)), Math.Max(16, (int)Math.Round(height * scale)));
    }

    /// <summary>A progress bar with an ETA: redrawn in place on a terminal, a line per 10 % otherwise.</summary>
    private sealed class ProgressLine(TextWriter log, double expectedFrames)
    {
        private readonly bool _inPlace = ReferenceEquals(log, Console.Error) && !Console.IsErrorRedirected;
        private int _lastTenth = -1;
        private long _lastDraw;

        public void Update(int done, TimeSpan elapsed)
        {
            var total = expectedFrames > 0 ? expectedFrames : double.NaN;
            var fraction = double.IsNaN(total) ? 0 : Math.Min(1, done / total);
            if (_inPlace)
            {
                if (Stopwatch.GetElapsedTime(_lastDraw) < TimeSpan.FromMilliseconds(200)) return;
                _lastDraw = Stopwatch.GetTimestamp();
                log.Write($"\r{Bar(fraction)} {done}/{total:0} frames, {elapsed.TotalSeconds:F0} s, ETA {Eta(done, fraction, elapsed)}   ");
                return;
            }
            var tenth = (int)(fraction * 10);
            if (tenth == _lastTenth) return;
            _lastTenth = tenth;
            log.WriteLine($"{Bar(fraction)} {done}/{total:0} frames, {elapsed.TotalSeconds:F0} s, ETA {Eta(done, fraction, elapsed)}");
        }

        public void Finish(int done, TimeSpan elapsed)
        {
            if (_inPlace) log.WriteLine($"\r{Bar(1)} {done} frames in {elapsed.TotalSeconds:F0} s                ");
        }

        private static string Bar(double fraction)
        {
            var filled = (int)Math.Round(fraction * 30);
            return $"[{new string('#', filled)}{new string('.', 30 - filled)}] {fraction * 100,3:F0}%";
        }

        private static string Eta(int done, double fraction, TimeSpan elapsed) =>
            fraction <= 0 ? "?" : $"{elapsed.TotalSeconds / fraction * (1 - fraction):F0} s";
    }
}
