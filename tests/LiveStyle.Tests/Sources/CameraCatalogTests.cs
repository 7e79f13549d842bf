using LiveStyle.App;
using LiveStyle.Core;
using LiveStyle.Core.Sinks.VirtualCamera;
using LiveStyle.Core.Sources;
using LiveStyle.Core.Sources.Cameras;
using LiveStyle.Tests.VirtualCamera;
using NUnit.Framework;

namespace LiveStyle.Tests.Sources;

/// <summary>Cameras by name and their modes, read through V4L2 enumeration from stand-ins for the kernel's devices (no webcam here).</summary>
public class CameraCatalogTests
{
    private string _dev = "";
    private readonly Dictionary<string, Func<IV4l2Device>> _nodes = [];

    [SetUp]
    public void SetUp() => _dev = TestEnvironment.NewTempDirectory();

    [TearDown]
    public void TearDown() => Directory.Delete(_dev, recursive: true);

    /// <summary>A typical USB webcam: MJPG fast at every size, YUYV slow at HD.</summary>
    private static FakeV4l2Device Webcam(string path, string name = "HD Pro Webcam C920") =>
        FakeV4l2Device.Camera(path, name)
            .WithMode("MJPG", "Motion-JPEG", 640, 480, 30, 15)
            .WithMode("MJPG", "Motion-JPEG", 1280, 720, 30, 15)
            .WithMode("MJPG", "Motion-JPEG", 1920, 1080, 30)
            .WithMode("YUYV", "YUYV 4:2:2", 640, 480, 30, 15)
            .WithMode("YUYV", "YUYV 4:2:2", 1280, 720, 10, 5)
            .WithMode("YUYV", "YUYV 4:2:2", 1920, 1080, 5);

    private string Node(int number, Func<string, IV4l2Device> make)
    {
        var path = Path.Combine(_dev, $"video{number}");
        File.WriteAllText(path, "");
        _nodes[path] = () => make(path);
        return path;
    }

    private CameraCatalog Catalog() => new(_dev, path => _nodes[path]());

    [Test]
    public void ACameraIsDescribedByItsCardNameWithEveryFormatSizeAndRate()
    {
        var camera = V4l2CameraProbe.Describe(Webcam("/dev/video0"))!;
        Assert.That(camera.Name, Is.EqualTo("HD Pro Webcam C920"));
        Assert.That(camera.Path, Is.EqualTo("/dev/video0"));
        Assert.That(camera.Formats.Select(f => f.Fourcc), Is.EqualTo(new[] { "MJPG", "YUYV" }));
        Assert.That(camera.Formats[0].Description, Is.EqualTo("Motion-JPEG"));
        var yuyv = camera.Formats[1].Sizes;
        Assert.That(yuyv.Select(s => (s.Width, s.Height)), Is.EqualTo(new[] { (640, 480), (1280, 720), (1920, 1080) }));
        Assert.That(yuyv[0].FramesPerSecond, Is.EqualTo(new[] { 30.0, 15.0 }), "fastest first");
        Assert.That(yuyv[1].FramesPerSecond, Is.EqualTo(new[] { 10.0, 5.0 }));
    }

    [Test]
    public void StepwiseSizesAndContinuousRatesAreReportedByTheirEndsAndTheUsualSizes()
    {
        var device = FakeV4l2Device.Camera("/dev/video0", "Range Cam").WithStepwiseFormat("YUYV", "YUYV 4:2:2",
            new V4l2FrameSizeEnum { MinWidth = 160, MaxWidth = 1280, StepWidth = 16, MinHeight = 120, MaxHeight = 720, StepHeight = 8 }, 1, 60);
        var sizes = V4l2CameraProbe.Describe(device)!.Formats.Single().Sizes;
        Assert.That(sizes.Select(s => (s.Width, s.Height)), Is.EqualTo(new[] { (160, 120), (320, 240), (640, 360), (640, 480), (800, 600), (1280, 720) }));
        Assert.That(sizes.Select(s => s.FramesPerSecond), Is.All.EqualTo(new[] { 60.0, 1.0 }));
    }

    [Test]
    public void NodesThatDoNotCaptureVideoAreLeftOut()
    {
        Node(0, path => Webcam(path));
        Node(1, path => new FakeV4l2Device(path) { Info = new V4l2DeviceInfo("uvcvideo", "HD Pro Webcam C920", 0x80000000 | 0x00800000, 0x00800000) }); // metadata node
        Node(4, _ => throw new V4l2Exception("open", "video4", V4l2Exception.EACCES));
        var listings = Catalog().List();
        Assert.That(listings.Select(l => Path.GetFileName(l.Path)), Is.EqualTo(new[] { "video0", "video4" }));
        Assert.That(listings[0].Camera!.Name, Is.EqualTo("HD Pro Webcam C920"));
        Assert.That(listings[1].Problem, Does.Contain("permission denied").And.Contain("video' group"));
    }

    [Test]
    public void APartOfTheNameFindsTheCameraIgnoringCase()
    {
        Node(0, path => FakeV4l2Device.Camera(path, "Integrated Camera: Integrated C").WithMode("YUYV", "YUYV", 640, 480, 30));
        var c920 = Node(2, path => Webcam(path));
        Assert.That(Catalog().FindByName("c920").Path, Is.EqualTo(c920));
        Assert.That(Catalog().FindByName("integrated").Name, Is.EqualTo("Integrated Camera: Integrated C"));
    }

    [Test]
    public void AnExactNameWinsAndARealCameraWinsOverAVirtualOne()
    {
        var loopback = Node(0, path => FakeV4l2Device.Camera(path, "Webcam", V4l2Constants.LoopbackDriver).WithMode("YUYV", "YUYV", 1280, 720, 30));
        var usb = Node(1, path => Webcam(path, "USB Webcam"));
        var exact = Node(2, path => Webcam(path, "Webcam Pro"));
        Assert.That(Catalog().FindByName("webcam").Path, Is.EqualTo(loopback), "the exact name, even a virtual camera");
        Assert.That(Catalog().FindByName("cam").Path, Is.EqualTo(usb), "a real camera over the virtual one, then by number");
        Assert.That(Catalog().FindByName("pro").Path, Is.EqualTo(exact));
    }

    [Test]
    public void AnUnknownNameListsTheCamerasThereAre()
    {
        Node(0, path => Webcam(path));
        var e = Assert.Throws<LiveStyleException>(() => Catalog().FindByName("Brio"))!;
        Assert.That(e.Message, Does.Contain("\"Brio\"").And.Contain("\"HD Pro Webcam C920\"").And.Contain("livestyle devices"));
    }

    [Test]
    public void HdAsksForMjpgAndSmallSizesForYuyv()
    {
        var camera = V4l2CameraProbe.Describe(Webcam("/dev/video0"))!;
        Assert.That(CameraModeChoice.Choose(camera, 1280, 720, null), Is.EqualTo(new CameraMode("MJPG", 1280, 720, 30)));
        Assert.That(CameraModeChoice.Choose(camera, 1920, 1080, 30), Is.EqualTo(new CameraMode("MJPG", 1920, 1080, 30)));
        Assert.That(CameraModeChoice.Choose(camera, 640, 480, 30), Is.EqualTo(new CameraMode("YUYV", 640, 480, 30)));
        Assert.That(CameraModeChoice.Choose(camera, 640, 480, 15), Is.EqualTo(new CameraMode("YUYV", 640, 480, 15)));
        Assert.That(CameraModeChoice.Choose(camera, null, null, null), Is.EqualTo(new CameraMode("MJPG", 1280, 720, 30)), "the largest size up to 720p that reaches 30 fps");
        Assert.That(CameraModeChoice.Choose(camera, 1000, 700, null)!.Width, Is.EqualTo(1280), "an unlisted size: the nearest listed one");
    }

    [Test]
    public void AYuyvOnlyCameraGetsTheBestItHas()
    {
        var camera = V4l2CameraProbe.Describe(FakeV4l2Device.Camera("/dev/video0", "Old Cam")
            .WithMode("YUYV", "YUYV", 640, 480, 30).WithMode("YUYV", "YUYV", 1280, 720, 8))!;
        Assert.That(CameraModeChoice.Choose(camera, null, null, null), Is.EqualTo(new CameraMode("YUYV", 640, 480, 30)));
        Assert.That(CameraModeChoice.Choose(camera, 1280, 720, 30), Is.EqualTo(new CameraMode("YUYV", 1280, 720, 8)));
    }

    [Test]
    public void DevicesListsNamePathFormatsSizesAndRates()
    {
        Node(0, path => Webcam(path));
        var text = new StringWriter();
        DevicesCommand.WriteCameras(text, Catalog().List());
        var output = text.ToString();
        Assert.That(output, Does.Contain($"\"HD Pro Webcam C920\"  {Path.Combine(_dev, "video0")}  --source \"camera:HD Pro Webcam C920\""));
        Assert.That(output, Does.Contain("MJPG (Motion-JPEG): 640x480 @ 30/15, 1280x720 @ 30/15, 1920x1080 @ 30"));
        Assert.That(output, Does.Contain("YUYV (YUYV 4:2:2): 640x480 @ 30/15, 1280x720 @ 10/5, 1920x1080 @ 5"));

        var none = new StringWriter();
        DevicesCommand.WriteCameras(none, []);
        Assert.That(none.ToString(), Does.Contain("none (the live view falls back to the test pattern"));
    }

    [Test]
    public void ASourceByNameOpensThatCameraInTheChosenMode()
    {
        var path = Node(3, p => Webcam(p));
        var spec = SourceSpec.Parse("camera:C920");
        Assert.That(spec.CameraName, Is.EqualTo("C920"));
        Assert.That(spec.DisplayName, Is.EqualTo("camera \"C920\""));
        // The stand-in node is no real video device, so OpenCV cannot open it: the error shows the name was resolved to it.
        var e = Assert.Throws<LiveStyleException>(() => CameraOpening.Open(spec, 1280, 720, null, Catalog()))!;
        Assert.That(e.Message, Does.Contain($"camera \"HD Pro Webcam C920\" ({path}) could not be opened"));
    }
}
