using LiveStyle.Core;
using LiveStyle.Core.Sinks.VirtualCamera;
using NUnit.Framework;

namespace LiveStyle.Tests.VirtualCamera;

/// <summary>Discovery and opening over a fake sysfs tree, with fake devices in place of the kernel's.</summary>
public class V4l2LoopbackDiscoveryTests
{
    private string _root = "";
    private string Sysfs => Path.Combine(_root, "sys");
    private string Dev => Path.Combine(_root, "dev");

    [SetUp]
    public void SetUp() => _root = TestEnvironment.NewTempDirectory();

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    private void AddVideo(int number, string label, bool loopback)
    {
        var dir = Path.Combine(Sysfs, $"video{number}");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "name"), label + "\n");
        if (loopback)
            File.WriteAllText(Path.Combine(dir, "max_openers"), "10\n");
    }

    [Test]
    public void FindsOnlyLoopbackDevicesLiveStyleFirst()
    {
        AddVideo(0, "Integrated Camera: Integrated C", loopback: false);
        AddVideo(2, "Dummy video device (0x0000)", loopback: true);
        AddVideo(11, "LiveStyle", loopback: true);
        AddVideo(9, "OBS Cam", loopback: true);
        Directory.CreateDirectory(Path.Combine(Sysfs, "videoX"));

        var found = V4l2LoopbackDiscovery.Find(Sysfs, Dev);
        Assert.That(found.Select(e => e.DevicePath), Is.EqualTo(new[] { "video11", "video2", "video9" }.Select(n => Path.Combine(Dev, n))));
        Assert.That(found[0].Label, Is.EqualTo("LiveStyle"));
        Assert.That(found[0].Number, Is.EqualTo(11));
    }

    [Test]
    public void MissingSysfsMeansNoDevices() =>
        Assert.That(V4l2LoopbackDiscovery.Find(Path.Combine(_root, "absent"), Dev), Is.Empty);

    [Test]
    public void NoLoopbackDeviceSaysHowToCreateOne()
    {
        AddVideo(0, "Integrated Camera", loopback: false);
        var loopback = new V4l2Loopback(Sysfs, Dev, _ => throw new AssertionException("nothing should be opened"));

        var e = Assert.Throws<LiveStyleException>(() => loopback.OpenOutput(null))!;
        Assert.That(e.Message, Does.Contain("sudo modprobe v4l2loopback exclusive_caps=1 card_label=\"LiveStyle\" video_nr=10"));
        Assert.That(e.Message, Does.Contain("v4l2loopback-dkms"));
    }

    [Test]
    public void SkipsADeviceAnotherProgramWritesTo()
    {
        AddVideo(10, "LiveStyle", loopback: true);
        AddVideo(11, "Other", loopback: true);
        var busy = new FakeV4l2Device(Path.Combine(Dev, "video10"));
        busy.Info = busy.Info with { DeviceCaps = V4l2Constants.CapVideoCapture };
        var free = new FakeV4l2Device(Path.Combine(Dev, "video11"));
        var devices = new Dictionary<string, FakeV4l2Device> { [busy.Path] = busy, [free.Path] = free };
        var log = new List<string>();

        var opened = new V4l2Loopback(Sysfs, Dev, p => devices[p]).OpenOutput(null, log.Add);
        Assert.That(opened, Is.SameAs(free));
        Assert.That(busy.Disposed, "the refused device is closed");
        Assert.That(log, Has.Some.Contains("video11"));
    }

    [Test]
    public void AllBusyListsEachDeviceAndItsReason()
    {
        AddVideo(10, "LiveStyle", loopback: true);
        AddVideo(12, "Locked", loopback: true);
        var busy = new FakeV4l2Device(Path.Combine(Dev, "video10"));
        busy.Info = busy.Info with { DeviceCaps = V4l2Constants.CapVideoCapture };
        var loopback = new V4l2Loopback(Sysfs, Dev, p => p == busy.Path
            ? busy
            : throw new V4l2Exception("open", p, V4l2Exception.EACCES));

        var e = Assert.Throws<LiveStyleException>(() => loopback.OpenOutput(null))!;
        Assert.That(e.Message, Does.Contain("video10").And.Contain("another program is already writing"));
        Assert.That(e.Message, Does.Contain("video12").And.Contain("video' group"));
        Assert.That(e.Message, Does.Contain("modprobe"));
    }

    [Test]
    public void NamedDeviceIsUsedWithoutDiscovery()
    {
        var device = new FakeV4l2Device("/dev/video42");
        Assert.That(new V4l2Loopback(Sysfs, Dev, _ => device).OpenOutput("/dev/video42"), Is.SameAs(device));
    }

    [Test]
    public void NamedCaptureCameraIsRefused()
    {
        var camera = new FakeV4l2Device("/dev/video0") { Info = new("uvcvideo", "Integrated Camera", 0x84A00001, 0x04200001) };
        var e = Assert.Throws<LiveStyleException>(() => new V4l2Loopback(Sysfs, Dev, _ => camera).OpenOutput("/dev/video0"))!;
        Assert.That(e.Message, Does.Contain("not a video output device").And.Contain("uvcvideo").And.Contain("modprobe"));
        Assert.That(camera.Disposed);
    }

    [Test]
    public void NamedMissingDeviceSaysHowToCreateOne()
    {
        var loopback = new V4l2Loopback(Sysfs, Dev, p => throw new V4l2Exception("open", p, V4l2Exception.ENOENT));
        var e = Assert.Throws<LiveStyleException>(() => loopback.OpenOutput("/dev/video10"))!;
        Assert.That(e.Message, Does.Contain("/dev/video10").And.Contain("no such device").And.Contain("modprobe"));
    }
}
