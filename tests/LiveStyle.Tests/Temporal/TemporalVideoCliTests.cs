using LiveStyle.Flicker;
using LiveStyle.Core.Imaging;
using LiveStyle.Core.Styling;
using LiveStyle.Core.Temporal;
using NUnit.Framework;
using OpenCvSharp;

namespace LiveStyle.Tests.Temporal;

/// <summary>
/// `livestyle stylize` of a video with --temporal off and on, through lossless FFV1 files: off is
/// exactly the network's per-frame output, on (the default) shimmers less.
/// </summary>
public class TemporalVideoCliTests
{
    private const int Width = 96, Height = 64;
    private static readonly string StylePath = Path.Combine(TestEnvironment.StyleImages, "the_scream__munch_1893.jpg");
    private string _dir = "";

    [SetUp] public void CreateFolder() => _dir = TestEnvironment.NewTempDirectory();
    [TearDown] public void DeleteFolder() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void TemporalOffReproducesThePerFrameOutputExactly_OnShimmersLess()
    {
        var input = Path.Combine(_dir, "input.mkv");
        using (var photo = Cv2.ImRead(Path.Combine(TestEnvironment.ContentImages, "sailboat.jpg")))
        using (var clip = SyntheticClips.MovingSquare(photo, Width, Height, frames: 8, side: 16, pixelsPerFrame: 4, noise: 2))
        using (var writer = new VideoWriter(input, FourCC.FromString("FFV1"), 10, new Size(Width, Height)))
        {
            Assert.That(writer.IsOpened(), "OpenCV writes FFV1");
            foreach (var frame in clip.Frames) writer.Write(frame);
        }
        var frames = ReadAll(input);

        string Stylize(string mode)
        {
            var output = Path.Combine(_dir, $"out-{mode}.mkv");
            var result = CliRunner.Run("stylize", "--content", input, "--style", StylePath, "--content-size", "0", "--style-size", "128",
                "--precision", "fp32", "--device", "cpu", "--temporal", mode, "--out", output);
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            Assert.That(result.Errors, Does.Contain($"temporal {mode}"));
            return output;
        }
        var off = ReadAll(Stylize("off"));
        var on = ReadAll(Stylize("on"));
        Assert.That(off, Has.Count.EqualTo(frames.Count));
        Assert.That(on, Has.Count.EqualTo(frames.Count));

        // The per-frame result, made here with the same model, style statistics and frames.
        using var styleBgr = ImageFile.ReadBgr(StylePath, "style image");
        var style = new ImageStylizer(TestEnvironment.AdaIn).EncodeStyle(styleBgr, 128, crop: false);
        using var buffers = TestEnvironment.AdaIn.CreateFrameStylizer(Width, Height);
        using var offMeter = new FlickerMeter();
        using var onMeter = new FlickerMeter();
        for (var i = 0; i < frames.Count; i++)
        {
            ImageConversion.ToPlanar(frames[i], buffers.Content);
            buffers.Run(style, 1f);
            using var expected = ImageConversion.ToBgr(buffers.Output);
            Assert.That(ImageAssert.MaxAbsDifference(off[i], expected), Is.Zero, $"frame {i} with --temporal off");
            offMeter.Add(frames[i], off[i]);
            onMeter.Add(frames[i], on[i]);
        }
        var offFigures = offMeter.Figures();
        var onFigures = onMeter.Figures();
        TestContext.Out.WriteLine($"off {offFigures}\non  {onFigures}");
        Assert.That(onFigures.StillAmplification, Is.LessThan(offFigures.StillAmplification / 2), "--temporal on (the default) stabilizes");
    }

    private static List<Mat> ReadAll(string path)
    {
        using var video = new VideoCapture(path);
        Assert.That(video.IsOpened(), path);
        var frames = new List<Mat>();
        while (true)
        {
            var frame = new Mat();
            if (!video.Read(frame) || frame.Empty())
            {
                frame.Dispose();
                return frames;
            }
            frames.Add(frame);
        }
    }
}
