using LiveStyle.Core;
using LiveStyle.Core.Frames;
using LiveStyle.Core.Sinks.VirtualCamera;
using NUnit.Framework;
using OpenCvSharp;
using static LiveStyle.Core.Sinks.VirtualCamera.V4l2Constants;

namespace LiveStyle.Tests.VirtualCamera;

/// <summary>The sink's logic against a stand-in for the kernel device (this machine cannot load v4l2loopback).</summary>
public class V4l2LoopbackSinkTests
{
    private static StylizedFrame Frame(Mat image, long sequence = 0)
    {
        var frame = new StylizedFrame { Sequence = sequence };
        image.CopyTo(frame.Stylized);
        return frame;
    }

    private static Mat RandomImage(int width, int height, int seed)
    {
        var image = new Mat(height, width, MatType.CV_8UC3);
        Cv2.Randu(image, Scalar.All(0), Scalar.All(256));
        Cv2.GaussianBlur(image, image, new Size(5, 5), 0); // some structure, so scaling matters
        image.Set(0, 0, new Vec3b((byte)seed, 0, 0));
        return image;
    }

    private static unsafe byte[] Expected(Mat bgr, int width, int height, VirtualCameraFormat format)
    {
        var stride = (int)bgr.Step();
        var source = new ReadOnlySpan<byte>((void*)bgr.Data, (height - 1) * stride + width * 3);
        if (format == VirtualCameraFormat.I420)
        {
            var i420 = new byte[YuvConversion.I420Size(width, height)];
            YuvConversion.BgrToI420(source, width, height, stride, i420);
            return i420;
        }
        var yuyv = new byte[YuvConversion.YuyvSize(width, height)];
        YuvConversion.BgrToYuyv(source, width, height, stride, yuyv);
        return yuyv;
    }

    [Test]
    public void FirstFrameSetsTheYuyvFormatAndEveryFrameIsWrittenWhole()
    {
        var device = new FakeV4l2Device();
        using var sink = new V4l2LoopbackSink(device);
        using var a = RandomImage(640, 480, 1);
        using var b = RandomImage(640, 480, 2);
        using (var frame = Frame(a)) sink.Write(frame);
        using (var frame = Frame(b)) sink.Write(frame);
        sink.Complete();

        Assert.That(device.FormatRequests, Has.Count.EqualTo(1), "format is set once");
        var request = device.FormatRequests[0];
        Assert.That(request.Type, Is.EqualTo(BufferTypeVideoOutput));
        Assert.That(request.Pix.Width, Is.EqualTo(640u));
        Assert.That(request.Pix.Height, Is.EqualTo(480u));
        Assert.That(request.Pix.PixelFormat, Is.EqualTo(FourccYuyv));
        Assert.That(request.Pix.Field, Is.EqualTo(FieldNone));
        Assert.That(request.Pix.BytesPerLine, Is.EqualTo(1280u));
        Assert.That(request.Pix.SizeImage, Is.EqualTo(614_400u));
        Assert.That(request.Pix.Colorspace, Is.EqualTo(ColorspaceSmpte170M));
        Assert.That(request.Pix.Quantization, Is.EqualTo(QuantizationLimitedRange));

        Assert.That(device.Frames, Has.Count.EqualTo(2));
        Assert.That(device.Frames[0], Is.EqualTo(Expected(a, 640, 480, VirtualCameraFormat.Yuyv)));
        Assert.That(device.Frames[1], Is.EqualTo(Expected(b, 640, 480, VirtualCameraFormat.Yuyv)));
        Assert.That(sink.Name, Is.EqualTo("virtual camera /dev/video10"));
        Assert.That(sink.Size, Is.EqualTo(new Size(640, 480)));
    }

    [Test]
    public void I420FormatWritesPlanarFrames()
    {
        var device = new FakeV4l2Device();
        using var sink = new V4l2LoopbackSink(device, VirtualCameraFormat.I420);
        using var image = RandomImage(320, 240, 3);
        using (var frame = Frame(image)) sink.Write(frame);

        var pix = device.FormatRequests.Single().Pix;
        Assert.That(pix.PixelFormat, Is.EqualTo(FourccI420));
        Assert.That(pix.BytesPerLine, Is.EqualTo(320u));
        Assert.That(pix.SizeImage, Is.EqualTo(115_200u));
        Assert.That(device.Frames.Single(), Is.EqualTo(Expected(image, 320, 240, VirtualCameraFormat.I420)));
    }

    [TestCase(VirtualCameraFormat.Yuyv, 640, 481)]
    [TestCase(VirtualCameraFormat.I420, 640, 480)]
    public void OddSizesLoseTheirLastColumnOrRow(VirtualCameraFormat format, int width, int height)
    {
        var device = new FakeV4l2Device();
        using var sink = new V4l2LoopbackSink(device, format);
        using var image = RandomImage(641, 481, 4);
        using (var frame = Frame(image)) sink.Write(frame);

        var pix = device.FormatRequests.Single().Pix;
        Assert.That((pix.Width, pix.Height), Is.EqualTo(((uint)width, (uint)height)));
        Assert.That(device.Frames.Single(), Is.EqualTo(Expected(image, width, height, format)), "cropped, not scaled");
    }

    [Test]
    public void ALaterFrameOfAnotherSizeIsScaledToTheNegotiatedSize()
    {
        var device = new FakeV4l2Device();
        var log = new List<string>();
        using var sink = new V4l2LoopbackSink(device, log: log.Add);
        using var first = RandomImage(640, 480, 5);
        using var small = RandomImage(320, 200, 6);
        using (var frame = Frame(first)) sink.Write(frame);
        using (var frame = Frame(small)) sink.Write(frame);
        using (var frame = Frame(small)) sink.Write(frame);

        Assert.That(device.FormatRequests, Has.Count.EqualTo(1), "no new format mid-stream");
        Assert.That(device.Frames.Select(f => f.Length), Is.All.EqualTo(614_400));
        using var scaled = new Mat();
        Cv2.Resize(small, scaled, new Size(640, 480), interpolation: InterpolationFlags.Area);
        Assert.That(device.Frames[1], Is.EqualTo(Expected(scaled, 640, 480, VirtualCameraFormat.Yuyv)));
        Assert.That(log.Count(l => l.Contains("scaling 320×200")), Is.EqualTo(1), "logged once per size change");
    }

    [Test]
    public void ADriverThatKeepsItsOwnSizeGetsFramesOfThatSize()
    {
        var device = new FakeV4l2Device
        {
            Driver = f =>
            {
                f.Pix.Width = 1280;
                f.Pix.Height = 720;
                f.Pix.BytesPerLine = 2560;
                f.Pix.SizeImage = 1280 * 720 * 2;
                return f;
            },
        };
        var log = new List<string>();
        using var sink = new V4l2LoopbackSink(device, log: log.Add);
        using var image = RandomImage(640, 480, 7);
        using (var frame = Frame(image)) sink.Write(frame);

        Assert.That(sink.Size, Is.EqualTo(new Size(1280, 720)));
        Assert.That(device.Frames.Single().Length, Is.EqualTo(1280 * 720 * 2));
        Assert.That(log, Has.Some.Contains("1280×720").And.Contains("asked for 640×480"));
    }

    [Test]
    public void ADriverThatRefusesThePixelFormatIsReported()
    {
        var device = new FakeV4l2Device { Driver = f => { f.Pix.PixelFormat = Fourcc('M', 'J', 'P', 'G'); return f; } };
        using var sink = new V4l2LoopbackSink(device);
        using var frame = Frame(RandomImage(64, 48, 8));
        var e = Assert.Throws<LiveStyleException>(() => sink.Write(frame))!;
        Assert.That(e.Message, Does.Contain("YUYV").And.Contain("MJPG"));
        Assert.That(device.Frames, Is.Empty);
    }

    [Test]
    public void ABusyDeviceIsReported()
    {
        var device = new FakeV4l2Device { SetFormatErrno = V4l2Exception.EBUSY };
        using var sink = new V4l2LoopbackSink(device);
        using var frame = Frame(RandomImage(64, 48, 9));
        Assert.That(Assert.Throws<LiveStyleException>(() => sink.Write(frame))!.Message, Does.Contain("busy").And.Contain("/dev/video10"));
    }

    [Test]
    public void ADeviceThatDisappearsStopsTheSinkWithAClearMessage()
    {
        var device = new FakeV4l2Device();
        using var sink = new V4l2LoopbackSink(device);
        using var frame = Frame(RandomImage(64, 48, 10));
        sink.Write(frame);
        device.WriteErrno = V4l2Exception.ENODEV;

        var e = Assert.Throws<LiveStyleException>(() => sink.Write(frame))!;
        Assert.That(e.Message, Does.Contain("/dev/video10 stopped taking frames").And.Contain("modprobe v4l2loopback"));
        Assert.That(e.InnerException, Is.TypeOf<V4l2Exception>());
    }

    [Test]
    public void AShortWriteIsAnError()
    {
        var device = new FakeV4l2Device { WriteLimit = 100 };
        using var sink = new V4l2LoopbackSink(device);
        using var frame = Frame(RandomImage(64, 48, 11));
        Assert.That(Assert.Throws<LiveStyleException>(() => sink.Write(frame))!.Message, Does.Contain("took 100 of a frame's 6144 bytes"));
    }

    [Test]
    public void DisposeClosesTheDevice()
    {
        var device = new FakeV4l2Device();
        new V4l2LoopbackSink(device).Dispose();
        Assert.That(device.Disposed);
    }
}
