using LiveStyle.Core.Sinks.VirtualCamera;
using NUnit.Framework;

namespace LiveStyle.Tests.VirtualCamera;

/// <summary>The real system calls, on nodes every Linux machine has (no video device is needed for these).</summary>
[Platform("Linux")]
public class V4l2DeviceTests
{
    [Test]
    public void WritesGoThroughWriteSystemCall()
    {
        var file = Path.Combine(TestEnvironment.NewTempDirectory(), "frames.raw");
        File.WriteAllBytes(file, []);
        var frame = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();
        using (var device = V4l2Device.Open(file))
        {
            Assert.That(device.Write(frame), Is.EqualTo(1000));
            Assert.That(device.Write(frame.AsSpan(0, 10)), Is.EqualTo(10));
        }
        Assert.That(File.ReadAllBytes(file), Is.EqualTo(frame.Concat(frame.Take(10))));
        Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
    }

    [Test]
    public void IoctlOnANonVideoNodeReportsItsErrno()
    {
        using var device = V4l2Device.Open("/dev/null");
        var e = Assert.Throws<V4l2Exception>(() => device.QueryCapability())!;
        Assert.That(e.Errno, Is.EqualTo(V4l2Exception.ENOTTY));
        Assert.That(e.Message, Does.Contain("VIDIOC_QUERYCAP").And.Contain("/dev/null"));
        var format = new V4l2Format { Type = V4l2Constants.BufferTypeVideoOutput };
        Assert.That(Assert.Throws<V4l2Exception>(() => device.SetFormat(ref format))!.Errno, Is.EqualTo(V4l2Exception.ENOTTY));
    }

    [Test]
    public void OpeningAMissingNodeReportsEnoent()
    {
        var e = Assert.Throws<V4l2Exception>(() => V4l2Device.Open("/dev/video-livestyle-absent"))!;
        Assert.That(e.Errno, Is.EqualTo(V4l2Exception.ENOENT));
        Assert.That(e.Operation, Is.EqualTo("open"));
    }

    [Test]
    public void DisposedDeviceRefusesWrites()
    {
        var device = V4l2Device.Open("/dev/null");
        device.Dispose();
        device.Dispose();
        Assert.Throws<ObjectDisposedException>(() => device.Write([1, 2, 3]));
    }
}
