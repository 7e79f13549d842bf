using LiveStyle.Core;
using LiveStyle.Core.Sources;
using NUnit.Framework;

namespace LiveStyle.Tests.Sources;

/// <summary>The machines that run these tests have no webcam: what is checked is the no-camera path.</summary>
public class CameraSourceTests
{
    [Test]
    public void AMissingCameraGivesAnActionableError()
    {
        Assume.That(File.Exists("/dev/video0"), Is.False, "this machine has a camera");
        var e = Assert.Throws<LiveStyleException>(() => new CameraSource(0));
        Assert.That(e!.Message, Is.EqualTo(
            "camera 0 could not be opened: is it connected and not used by another program? `livestyle devices` lists cameras"));
    }

    [Test]
    public void AMissingDevicePathGivesAnActionableError()
    {
        var e = Assert.Throws<LiveStyleException>(() => SourceSpec.Parse("camera:/dev/video-livestyle-none").Open(1280, 720, 30));
        Assert.That(e!.Message, Does.StartWith("camera /dev/video-livestyle-none could not be opened"));
    }

    [Test]
    public void WithoutACameraTheDefaultIsTheTestPattern()
    {
        Assume.That(File.Exists("/dev/video0"), Is.False, "this machine has a camera");
        var log = new List<string>();
        using var source = SourceSelection.OpenDefault(log.Add);
        Assert.That(source, Is.InstanceOf<TestPatternSource>());
        Assert.That(log, Is.EqualTo(new[] { "no camera found: showing the test pattern (use --source to choose)" }));
    }
}
