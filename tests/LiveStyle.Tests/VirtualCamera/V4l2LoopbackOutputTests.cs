using LiveStyle.Core;
using LiveStyle.Core.Sinks.VirtualCamera;
using NUnit.Framework;
using OpenCvSharp;
using static LiveStyle.Core.Sinks.VirtualCamera.V4l2Constants;

namespace LiveStyle.Tests.VirtualCamera;

/// <summary>The v4l2loopback output's format negotiation and writes, against a stand-in for the kernel device (this machine cannot load v4l2loopback).</summary>
public class V4l2LoopbackOutputTests
{
    [Test]
    public void TheFormatIsSetOnceWhenOpenedAtTheAskedSize()
    {
        var device = new FakeV4l2Device();
        using var output = new V4l2LoopbackOutput(device, new Size(1280, 720));
        var frame = new byte[1280 * 720 * 2];
        frame[5] = 7;
        output.Write(frame, 0);
        output.Write(frame, 1);

        Assert.That(device.FormatRequests, Has.Count.EqualTo(1), "format is set once, before any frame");
        var request = device.FormatRequests[0];
        Assert.That(request.Type, Is.EqualTo(BufferTypeVideoOutput));
        Assert.That((request.Pix.Width, request.Pix.Height), Is.EqualTo((1280u, 720u)));
        Assert.That(request.Pix.PixelFormat, Is.EqualTo(FourccYuyv));
        Assert.That(request.Pix.Field, Is.EqualTo(FieldNone));
        Assert.That(request.Pix.BytesPerLine, Is.EqualTo(2560u));
        Assert.That(request.Pix.SizeImage, Is.EqualTo(1_843_200u));
        Assert.That(request.Pix.Colorspace, Is.EqualTo(ColorspaceSmpte170M));
        Assert.That(request.Pix.Quantization, Is.EqualTo(QuantizationLimitedRange));
        Assert.That(device.Frames, Has.Count.EqualTo(2));
        Assert.That(device.Frames[0], Is.EqualTo(frame));
        Assert.That(output.Name, Is.EqualTo("virtual camera /dev/video10"));
        Assert.That(output.Size, Is.EqualTo(new Size(1280, 720)));
    }

    [Test]
    public void I420AsksForPlanarFrames()
    {
        var device = new FakeV4l2Device();
        using var output = new V4l2LoopbackOutput(device, new Size(320, 240), VirtualCameraFormat.I420);
        var pix = device.FormatRequests.Single().Pix;
        Assert.That(pix.PixelFormat, Is.EqualTo(FourccI420));
        Assert.That(pix.BytesPerLine, Is.EqualTo(320u));
        Assert.That(pix.SizeImage, Is.EqualTo(115_200u));
    }

    [TestCase(VirtualCameraFormat.Yuyv, 640, 481)]
    [TestCase(VirtualCameraFormat.I420, 640, 480)]
    public void OddSizesAreMadeEvenWhereTheFormatNeedsIt(VirtualCameraFormat format, int width, int height)
    {
        var device = new FakeV4l2Device();
        using var output = new V4l2LoopbackOutput(device, new Size(641, 481), format);
        var pix = device.FormatRequests.Single().Pix;
        Assert.That((pix.Width, pix.Height), Is.EqualTo(((uint)width, (uint)height)));
        Assert.That(output.Size, Is.EqualTo(new Size(width, height)));
    }

    [Test]
    public void ADriverThatKeepsItsOwnSizeIsFollowedAndLogged()
    {
        var device = new FakeV4l2Device
        {
            Driver = f =>
            {
                f.Pix.Width = 640;
                f.Pix.Height = 480;
                f.Pix.BytesPerLine = 1280;
                f.Pix.SizeImage = 640 * 480 * 2;
                return f;
            },
        };
        var log = new List<string>();
        using var output = new V4l2LoopbackOutput(device, new Size(1280, 720), log: log.Add);
        Assert.That(output.Size, Is.EqualTo(new Size(640, 480)));
        Assert.That(log, Has.Some.Contains("640×480").And.Contains("asked for 1280×720"));
    }

    [Test]
    public void ADriverThatRefusesThePixelFormatIsReported()
    {
        var device = new FakeV4l2Device { Driver = f => { f.Pix.PixelFormat = Fourcc('M', 'J', 'P', 'G'); return f; } };
        var e = Assert.Throws<LiveStyleException>(() => _ = new V4l2LoopbackOutput(device, new Size(64, 48)))!;
        Assert.That(e.Message, Does.Contain("YUYV").And.Contain("MJPG"));
    }

    [Test]
    public void ABusyDeviceIsReported()
    {
        var device = new FakeV4l2Device { SetFormatErrno = V4l2Exception.EBUSY };
        var e = Assert.Throws<LiveStyleException>(() => _ = new V4l2LoopbackOutput(device, new Size(64, 48)))!;
        Assert.That(e.Message, Does.Contain("busy").And.Contain("/dev/video10"));
    }

    [Test]
    public void ADeviceThatDisappearsStopsWithAClearMessage()
    {
        var device = new FakeV4l2Device();
        using var output = new V4l2LoopbackOutput(device, new Size(64, 48));
        var frame = new byte[64 * 48 * 2];
        output.Write(frame, 0);
        device.WriteErrno = V4l2Exception.ENODEV;

        var e = Assert.Throws<LiveStyleException>(() => output.Write(frame, 1))!;
        Assert.That(e.Message, Does.Contain("/dev/video10 stopped taking frames").And.Contain("modprobe v4l2loopback"));
        Assert.That(e.InnerException, Is.TypeOf<V4l2Exception>());
    }

    [Test]
    public void AShortWriteIsAnError()
    {
        var device = new FakeV4l2Device { WriteLimit = 100 };
        using var output = new V4l2LoopbackOutput(device, new Size(64, 48));
        Assert.That(Assert.Throws<LiveStyleException>(() => output.Write(new byte[6144], 0))!.Message, Does.Contain("took 100 of a frame's 6144 bytes"));
    }

    [Test]
    public void DisposeClosesTheDevice()
    {
        var device = new FakeV4l2Device();
        new V4l2LoopbackOutput(device, new Size(64, 48)).Dispose();
        Assert.That(device.Disposed);
    }
}
