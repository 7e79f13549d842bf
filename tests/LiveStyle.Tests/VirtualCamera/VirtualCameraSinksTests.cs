using LiveStyle.Core;
using LiveStyle.Core.Sinks.VirtualCamera;
using NUnit.Framework;
using static LiveStyle.Core.Sinks.VirtualCamera.VirtualCameraSinks;

namespace LiveStyle.Tests.VirtualCamera;

public class VirtualCameraSinksTests
{
    [Test]
    public void MacOSIsNotSupported()
    {
        var e = Assert.Throws<LiveStyleException>(() => VirtualCameraSinks.Open(null, VirtualCameraSettings.Default, null, Platform.MacOS))!;
        Assert.That(e.Message, Does.Contain("not supported on macOS"));
        Assert.Throws<LiveStyleException>(() => VirtualCameraSinks.Open(null, VirtualCameraSettings.Default, null, Platform.Other));
    }

    [Test]
    public void WindowsTakesNoDevicePath()
    {
        var e = Assert.Throws<LiveStyleException>(() => VirtualCameraSinks.Open("/dev/video10", VirtualCameraSettings.Default, null, Platform.Windows))!;
        Assert.That(e.Message, Does.Contain("OBS Virtual Camera"));
    }

    [Test]
    [Platform("Linux")]
    public void LinuxWithoutALoopbackDeviceSaysHowToCreateOne()
    {
        if (V4l2LoopbackDiscovery.Find().Count > 0)
            Assert.Ignore("this machine has a v4l2loopback device");
        var e = Assert.Throws<LiveStyleException>(() => VirtualCameraSinks.Open(null, VirtualCameraSettings.Default, null))!;
        Assert.That(e.Message, Does.Contain("modprobe v4l2loopback"));
    }

    [Test]
    [Platform("Linux")]
    public void LinuxWithANamedNonVideoNodeRefusesIt()
    {
        var e = Assert.Throws<LiveStyleException>(() => VirtualCameraSinks.Open("/dev/null", VirtualCameraSettings.Default, null))!;
        Assert.That(e.Message, Does.Contain("/dev/null").And.Contain("not a video device"));
    }
}
