using NUnit.Framework;
using OpenCvSharp;

namespace LiveStyle.Tests.Outputs;

public class VideoStylizeTests
{
    private string _dir = "";
    private static readonly string Style = Path.Combine(TestEnvironment.StyleImages, "the_scream__munch_1893.jpg");

    [SetUp] public void CreateFolder() => _dir = TestEnvironment.NewTempDirectory();
    [TearDown] public void DeleteFolder() => Directory.Delete(_dir, recursive: true);

    private string WriteVideo(int frames, int width, int height, double fps)
    {
        var path = Path.Combine(_dir, "input.avi");
        using var writer = new VideoWriter(path, FourCC.FromString("MJPG"), fps, new Size(width, height));
        using var frame = new Mat(height, width, MatType.CV_8UC3);
        for (var i = 0; i < frames; i++)
        {
            frame.SetTo(new Scalar(40, 90 + 5 * i, 160));
            Cv2.Circle(frame, new Point(10 + 6 * i, height / 2), 12, new Scalar(250, 250, 250), -1);
            writer.Write(frame);
        }
        return path;
    }

    [TestCase("out.mp4")]
    [TestCase("out.mkv")]
    public void KeepsFrameCountRateAndSize(string name)
    {
        var input = WriteVideo(frames: 14, width: 96, height: 64, fps: 12);
        var output = Path.Combine(_dir, name);
        var result = CliRunner.Run("stylize", "--content", input, "--style", Style, "--content-size", "48", "--style-size", "128", "--out", output);
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Errors, Does.Contain("100%").And.Contain("wrote"));

        using var video = new VideoCapture(output);
        Assert.That(video.IsOpened());
        Assert.That((video.FrameWidth, video.FrameHeight), Is.EqualTo((96, 64)));
        Assert.That(video.Fps, Is.EqualTo(12).Within(0.01));
        using var frame = new Mat();
        var count = 0;
        while (video.Read(frame) && !frame.Empty()) count++;
        Assert.That(count, Is.EqualTo(14));
        Assert.That(Directory.GetFiles(_dir, "*.tmp*"), Is.Empty);
    }

    [Test]
    public void CorruptVideoIsAClearErrorAndNothingIsWritten()
    {
        var input = Path.Combine(_dir, "broken.mp4");
        File.WriteAllText(input, "not a video");
        var output = Path.Combine(_dir, "out.mp4");
        var result = CliRunner.Run("stylize", "--content", input, "--style", Style, "--out", output);
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Errors, Does.Contain("cannot be read"));
        Assert.That(Directory.GetFiles(_dir), Is.EqualTo(new[] { input }));
    }

    [Test]
    public void VideoIntoAnImageFileIsAUsageError()
    {
        var input = WriteVideo(3, 64, 48, 10);
        var result = CliRunner.Run("stylize", "--content", input, "--style", Style, "--out", Path.Combine(_dir, "x.png"));
        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Errors, Does.Contain("needs a video file name"));
    }
}
