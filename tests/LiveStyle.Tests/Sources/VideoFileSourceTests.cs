using LiveStyle.Core;
using LiveStyle.Core.Sources;
using NUnit.Framework;
using OpenCvSharp;

namespace LiveStyle.Tests.Sources;

public class VideoFileSourceTests
{
    private const int FrameCount = 20;
    private string _dir = "";

    [SetUp] public void CreateDirectory() => _dir = TestEnvironment.NewTempDirectory();
    [TearDown] public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    /// <summary>Frame i is a flat colour whose blue channel is 10 + 12·i, so frames can be told apart after lossy coding.</summary>
    private static Scalar ColourOf(int i) => new(10 + 12 * i, 200 - 8 * i, 128);

    private string WriteClip(string name, string fourcc)
    {
        var path = Path.Combine(_dir, name);
        using (var writer = new VideoWriter(path, FourCC.FromString(fourcc), 10, new Size(64, 48)))
        {
            Assert.That(writer.IsOpened(), Is.True, $"OpenCV could not write {fourcc}");
            using var frame = new Mat(48, 64, MatType.CV_8UC3);
            for (var i = 0; i < FrameCount; i++)
            {
                frame.SetTo(ColourOf(i));
                writer.Write(frame);
            }
        }
        return path;
    }

    private static double Blue(Mat frame) => Cv2.Mean(frame)[0];

    [TestCase("clip.avi", "MJPG")]
    [TestCase("clip.mp4", "mp4v")]
    public void ReadsFrameCountRateAndFramesThenLoops(string name, string fourcc)
    {
        var path = WriteClip(name, fourcc);
        using var video = new VideoFileSource(path);
        Assert.That(video.Name, Is.EqualTo(name));
        Assert.That(video.FrameCount, Is.EqualTo(FrameCount));
        Assert.That(video.FramesPerSecond, Is.EqualTo(10).Within(0.01));
        Assert.That(video.IsLive, Is.False);
        Assert.That((video.Width, video.Height), Is.EqualTo((64, 48)));

        using var frame = new Mat();
        for (var i = 0; i < FrameCount; i++)
        {
            Assert.That(video.Read(frame), Is.True, $"frame {i}");
            Assert.That(Blue(frame), Is.EqualTo(ColourOf(i)[0]).Within(5), $"frame {i} in order");
        }
        Assert.That(video.Loops, Is.Zero);

        Assert.That(video.Read(frame), Is.True, "the end loops back");
        Assert.That(Blue(frame), Is.EqualTo(ColourOf(0)[0]).Within(5), "the first frame comes again");
        Assert.That(video.Loops, Is.EqualTo(1));

        for (var i = 1; i < 2 * FrameCount; i++) Assert.That(video.Read(frame), Is.True);
        Assert.That(video.Loops, Is.EqualTo(2));
    }

    [Test]
    public void MissingFile()
    {
        var e = Assert.Throws<LiveStyleException>(() => new VideoFileSource(Path.Combine(_dir, "nope.mp4")));
        Assert.That(e!.Message, Does.StartWith("video not found:"));
    }

    [Test]
    public void EmptyFile()
    {
        var path = Path.Combine(_dir, "empty.mp4");
        File.WriteAllBytes(path, []);
        var e = Assert.Throws<LiveStyleException>(() => new VideoFileSource(path));
        Assert.That(e!.Message, Does.Contain("empty (0 bytes)"));
    }

    [Test]
    public void GarbageFile()
    {
        var path = Path.Combine(_dir, "notes.mp4");
        File.WriteAllText(path, "these are notes, not a video");
        var e = Assert.Throws<LiveStyleException>(() => new VideoFileSource(path));
        Assert.That(e!.Message, Does.Contain(path).And.Contain("could not be opened").Or.Contain("no readable frames"));
    }

    [Test]
    public void Folder()
    {
        var e = Assert.Throws<LiveStyleException>(() => new VideoFileSource(_dir));
        Assert.That(e!.Message, Does.Contain("is a folder"));
    }
}
