using NUnit.Framework;
using OpenCvSharp;

namespace LiveStyle.Tests.PersonMask;

/// <summary>`stylize --regions` on a video: the person keeps the camera's pixels, and --mask-out writes the mask as a video of the same frames.</summary>
public class VideoRegionsTests
{
    private string _dir = "";

    [SetUp] public void CreateFolder() => _dir = TestEnvironment.NewTempDirectory();
    [TearDown] public void DeleteFolder() => Directory.Delete(_dir, recursive: true);

    /// <summary>The astronaut at 256×256 sliding 2 px a frame.</summary>
    private string WriteVideo(int frames)
    {
        var path = Path.Combine(_dir, "input.avi");
        using var photo = PersonPhoto.Astronaut.Read();
        using var small = photo.Resize(new Size(288, 256), 0, 0, InterpolationFlags.Area);
        using var writer = new VideoWriter(path, FourCC.FromString("MJPG"), 10, new Size(256, 256));
        for (var i = 0; i < frames; i++)
        {
            using var frame = new Mat(small, new Rect(2 * i, 0, 256, 256)).Clone();
            writer.Write(frame);
        }
        return path;
    }

    private static List<Mat> ReadAll(string path)
    {
        using var video = new VideoCapture(path);
        var frames = new List<Mat>();
        var frame = new Mat();
        while (video.Read(frame) && !frame.Empty())
        {
            frames.Add(frame);
            frame = new Mat();
        }
        frame.Dispose();
        return frames;
    }

    [Test]
    public void BackgroundModeAndMaskVideo()
    {
        var input = WriteVideo(6);
        string output = Path.Combine(_dir, "out.mp4"), maskOut = Path.Combine(_dir, "mask.mp4");
        var result = CliRunner.Run("stylize", "--content", input, "--style", Path.Combine(TestEnvironment.StyleImages, "great_wave__hokusai_c1831.jpg"),
            "--network", "fast", "--precision", "fp32", "--content-size", "256", "--style-size", "128", "--out", output, "--regions", "background", "--mask-out", maskOut);
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Errors, Does.Contain("regions background"));
        var frames = ReadAll(output);
        var masks = ReadAll(maskOut);
        var inputs = ReadAll(input);
        try
        {
            Assert.That(frames, Has.Count.EqualTo(6));
            Assert.That(masks, Has.Count.EqualTo(6));
            // The centre of the face: person in the mask, camera pixels in the output; a corner of the room: stylized.
            var face = new Rect(105, 60, 20, 20);
            var corner = new Rect(0, 0, 30, 30);
            using var last = masks[^1][face];
            Assert.That(Cv2.Mean(last).Val0, Is.GreaterThan(200), "the mask video marks the face");
            Assert.That(Cv2.Mean(masks[^1][corner]).Val0, Is.LessThan(40), "and not the room's corner");
            using var difference = new Mat();
            Cv2.Absdiff(frames[^1][face], inputs[^1][face], difference);
            Assert.That(Cv2.Mean(difference).Val0, Is.LessThan(12), "the face keeps the camera's pixels (two video codecs apart)");
            Cv2.Absdiff(frames[^1][corner], inputs[^1][corner], difference);
            Assert.That(Cv2.Mean(difference).Val0, Is.GreaterThan(12), "the room is stylized");
        }
        finally
        {
            foreach (var m in frames.Concat(masks).Concat(inputs)) m.Dispose();
        }
    }
}
