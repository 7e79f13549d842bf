using LiveStyle.Core;
using LiveStyle.Core.Sources;
using NUnit.Framework;
using OpenCvSharp;

namespace LiveStyle.Tests.Sources;

public class SourceSpecTests
{
    [TestCase("camera", SourceKind.Camera, 0, null)]
    [TestCase("camera:0", SourceKind.Camera, 0, null)]
    [TestCase("Camera:2", SourceKind.Camera, 2, null)]
    [TestCase("camera:/dev/video3", SourceKind.Camera, 0, "/dev/video3")]
    [TestCase("pattern", SourceKind.Pattern, 0, null)]
    [TestCase(" pattern ", SourceKind.Pattern, 0, null)]
    [TestCase("image:photos/me.jpg", SourceKind.Image, 0, "photos/me.jpg")]
    [TestCase("image:odd-name.dat", SourceKind.Image, 0, "odd-name.dat")]
    [TestCase("video:clips/a.mp4", SourceKind.Video, 0, "clips/a.mp4")]
    [TestCase("video:capture.bin", SourceKind.Video, 0, "capture.bin")]
    [TestCase("me.PNG", SourceKind.Image, 0, "me.PNG")]
    [TestCase("/tmp/photo.jpeg", SourceKind.Image, 0, "/tmp/photo.jpeg")]
    [TestCase("clip.mov", SourceKind.Video, 0, "clip.mov")]
    [TestCase("/videos/talk.webm", SourceKind.Video, 0, "/videos/talk.webm")]
    [TestCase(@"C:\clips\a.mp4", SourceKind.Video, 0, @"C:\clips\a.mp4")]
    [TestCase("camera.mp4", SourceKind.Video, 0, "camera.mp4")]
    public void ParsesAcceptedForms(string text, SourceKind kind, int index, string? path)
    {
        var spec = SourceSpec.Parse(text);
        Assert.That(spec, Is.EqualTo(new SourceSpec(kind, index, path)));
        Assert.That(SourceSpec.Parse(spec.ToString()), Is.EqualTo(spec), "ToString round-trips");
    }

    [TestCase("camera:C920", "C920")]
    [TestCase("camera:HD Pro Webcam C920", "HD Pro Webcam C920")]
    [TestCase("camera:Integrated Camera: Integrated C", "Integrated Camera: Integrated C")]
    public void ACameraCanBeNamed(string text, string name)
    {
        var spec = SourceSpec.Parse(text);
        Assert.That(spec, Is.EqualTo(new SourceSpec(SourceKind.Camera, CameraName: name)));
        Assert.That(SourceSpec.Parse(spec.ToString()), Is.EqualTo(spec), "ToString round-trips");
    }

    [TestCase("")]
    [TestCase("   ")]
    [TestCase("webcam")]
    [TestCase("camera:")]
    [TestCase("camera:-1")]
    [TestCase("camera:123456789012")]
    [TestCase("pattern:3")]
    [TestCase("image:")]
    [TestCase("video:")]
    [TestCase("notes.txt")]
    [TestCase("clip")]
    public void RejectsOtherFormsListingTheAcceptedOnes(string text)
    {
        var e = Assert.Throws<LiveStyleException>(() => SourceSpec.Parse(text));
        Assert.That(e!.Message, Does.StartWith($"source '{text.Trim()}' is not understood"));
        Assert.That(e.Message, Does.EndWith(SourceSpec.AcceptedForms));
    }

    [TestCase("camera", "camera 0")]
    [TestCase("camera:/dev/video3", "camera /dev/video3")]
    [TestCase("pattern", "test pattern")]
    [TestCase("video:clips/a.mp4", "a.mp4")]
    public void DisplayNames(string text, string name) => Assert.That(SourceSpec.Parse(text).DisplayName, Is.EqualTo(name));

    [Test]
    public void OpensThePatternAtTheRequestedSizeAndRate()
    {
        using var source = SourceSpec.Parse("pattern").Open(320, 200, 15);
        using var frame = new Mat();
        Assert.That(source, Is.InstanceOf<TestPatternSource>());
        Assert.That(source.Read(frame), Is.True);
        Assert.That((frame.Width, frame.Height, source.FramesPerSecond), Is.EqualTo((320, 200, 15.0)));
    }

    [Test]
    public void OpeningAMissingFileSaysSo()
    {
        var e = Assert.Throws<LiveStyleException>(() => SourceSpec.Parse("/nowhere/me.jpg").Open());
        Assert.That(e!.Message, Does.Contain("not found"));
        e = Assert.Throws<LiveStyleException>(() => SourceSpec.Parse("video:/nowhere/a.mp4").Open());
        Assert.That(e!.Message, Does.Contain("not found"));
    }
}
