using System.Diagnostics;
using LiveStyle.Core.Files;
using LiveStyle.Core.Imaging;
using LiveStyle.Core.Models;
using LiveStyle.Core.Networks;
using LiveStyle.Core.Networks.PersonMask;
using LiveStyle.App.Cli;
using LiveStyle.Core.Styling;
using OpenCvSharp;

namespace LiveStyle.App.Stylize;

/// <summary>
/// `livestyle stylize`: every input is read and checked before anything is written, then each
/// job is stylized and written atomically, with a progress line per result.
/// </summary>
public static class StylizeCommand
{
    public static int Run(StylizeOptions options, TextWriter log)
    {
        var jobs = StylizePlan.Create(options);
        if (options.MaskOut is not null && jobs.Count > 1)
            throw new UsageException($"--mask-out {options.MaskOut} names one file, but there are {jobs.Count} results: stylize one content image with one style");

        var styleImages = new Dictionary<string, Mat>();
        try
        {
            foreach (var path in jobs.SelectMany(j => j.StylePaths).Concat(options.PersonStyle is { } p ? [p] : []).Distinct())
                styleImages[path] = ImageFile.ReadBgr(path, "style image");
            foreach (var path in jobs.Select(j => j.ContentPath).Distinct())
                ImageFile.ReadBgr(path, "content image").Dispose();
            foreach (var folder in jobs.Select(j => Path.GetDirectoryName(Path.GetFullPath(j.OutputPath))!).Distinct())
                OutputFolder.RequireWritable(folder);

            var store = ModelStore.Locate(options.Weights);
            void Log(string message) => log.WriteLine($"livestyle: {message}");
            using var network = StyleNetworks.Open(options.Network, store, options.Precision, options.Device, options.Calibration, Log);
            Log($"stylizing {jobs.Count} image(s) with {StyleNetworks.Summary(network)}, {network.Description}");

            var images = new ImageStylizer(network);
            using var masker = options.NeedsPersonMask ? PersonMasker.Open(store, newFrameWeight: 1, Log) : null;
            var styleCache = new Dictionary<string, StyleSignals>();
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < jobs.Count; i++)
            {
                var job = jobs[i];
                var started = clock.Elapsed;
                using var contentBgr = ImageFile.ReadBgr(job.ContentPath, "content image");
                var content = ImageStylizer.PrepareContent(contentBgr, options.ContentSize, options.Crop);

                var styles = job.StylePaths.Select(path => options.PreserveColor
                    ? images.EncodeStyle(styleImages[path], options.StyleSize, options.Crop, preserveColorsOf: content)
                    : styleCache.TryGetValue(path, out var cached) ? cached
                    : styleCache[path] = images.EncodeStyle(styleImages[path], options.StyleSize, options.Crop)).ToArray();
                var style = styles.Length == 1 ? styles[0] : StyleSignals.Mix(styles, options.StyleWeights!);

                using var result = images.Stylize(content, style, options.Alpha);
                if (masker is null)
                    ImageFile.WriteBgr(result, job.OutputPath);
                else
                    WriteRegions(options, images, masker, content, result, job.OutputPath);

                var seconds = (clock.Elapsed - started).TotalSeconds;
                var remaining = clock.Elapsed.TotalSeconds / (i + 1) * (jobs.Count - i - 1);
                log.WriteLine($"[{i + 1}/{jobs.Count}] {Path.GetFileName(job.ContentPath)} × {string.Join("+", job.StylePaths.Select(Path.GetFileName))}" +
                    $" → {job.OutputPath} ({content.Width}×{content.Height}, {seconds:F2} s{(remaining > 0 ? $", ETA {remaining:F0} s" : "")})");
            }
            return 0;
        }
        finally
        {
            foreach (var image in styleImages.Values) image.Dispose();
        }

        void WriteRegions(StylizeOptions o, ImageStylizer images, PersonMasker masker, PlanarImage content, Mat stylized, string outputPath)
        {
            using var frame = ImageConversion.ToBgr(content);
            var mask = masker.MaskFor(frame);
            using var composed = new Mat();
            if (o.PersonStyle is { } personStylePath)
            {
                var personStyle = o.PreserveColor
                    ? images.EncodeStyle(styleImages[personStylePath], o.StyleSize, o.Crop, preserveColorsOf: content)
                    : images.EncodeStyle(styleImages[personStylePath], o.StyleSize, o.Crop);
                using var person = images.Stylize(content, personStyle, o.Alpha);
                RegionComposer.Blend(mask, person, stylized, composed);
            }
            else
            {
                var (person, room) = RegionComposer.Sources(o.Regions, frame, stylized);
                RegionComposer.Blend(mask, person, room, composed);
            }
            ImageFile.WriteBgr(composed, outputPath);
            if (o.MaskOut is { } maskOut)
            {
                using var bytes = SoftPersonMask.ToBytes(mask);
                ImageFile.WriteBgr(bytes, maskOut);
            }
        }
    }
}
