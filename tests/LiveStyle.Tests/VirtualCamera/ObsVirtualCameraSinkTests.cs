using System.Diagnostics;
using System.IO.MemoryMappedFiles;
using LiveStyle.Core;
using LiveStyle.Core.Frames;
using LiveStyle.Core.Sinks.VirtualCamera;
using NUnit.Framework;
using OpenCvSharp;

namespace LiveStyle.Tests.VirtualCamera;

/// <summary>The OBS sink on a file-backed mapping in place of the named one OBS's filter opens.</summary>
public class ObsVirtualCameraSinkTests
{
    private string _dir = "";
    private string _file = "";
    private MemoryMappedFile? _created;
    private MemoryMappedViewAccessor? _readerView;

    [SetUp]
    public void SetUp()
    {
        _dir = TestEnvironment.NewTempDirectory();
        _file = Path.Combine(_dir, "OBSVirtualCamVideo");
    }

    [TearDown]
    public void TearDown()
    {
        _readerView?.Dispose();
        (_readerView, _created) = (null, null);
        Directory.Delete(_dir, recursive: true);
    }

    private MemoryMappedFile CreateMapping(long size) =>
        _created = MemoryMappedFile.CreateFromFile(_file, FileMode.CreateNew, null, size);

    /// <summary>A second view of the mapping the sink made, as the reading process has.</summary>
    private ObsQueueReader Reader()
    {
        _readerView ??= _created!.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        return new ObsQueueReader(_readerView);
    }

    private static StylizedFrame Frame(Mat image, long capturedAt)
    {
        var frame = new StylizedFrame { CapturedAt = capturedAt };
        image.CopyTo(frame.Stylized);
        return frame;
    }

    private static Mat RandomImage(int width, int height)
    {
        var image = new Mat(height, width, MatType.CV_8UC3);
        Cv2.Randu(image, Scalar.All(0), Scalar.All(256));
        return image;
    }

    private static unsafe byte[] Nv12(Mat bgr, int width, int height)
    {
        var stride = (int)bgr.Step();
        var nv12 = new byte[YuvConversion.Nv12Size(width, height)];
        YuvConversion.BgrToNv12(new ReadOnlySpan<byte>((void*)bgr.Data, (height - 1) * stride + width * 3), width, height, stride, nv12);
        return nv12;
    }

    [Test]
    public void FramesReachTheReaderAsNv12WithTheirTimestamps()
    {
        var log = new List<string>();
        using var sink = new ObsVirtualCameraSink(CreateMapping, framesPerSecond: 30, log: log.Add);
        using var a = RandomImage(321, 241);
        using var b = RandomImage(321, 241);
        var t0 = Stopwatch.Frequency * 5; // 5 s after the Stopwatch epoch

        using (var frame = Frame(a, t0)) sink.Write(frame);
        var reader = Reader();
        Assert.That((reader.Width, reader.Height), Is.EqualTo((320u, 240u)), "odd sides made even");
        Assert.That(reader.Interval, Is.EqualTo(333_333UL), "30 fps in 100 ns units");
        Assert.That(reader.State, Is.EqualTo((uint)ObsQueueState.Ready));
        Assert.That(reader.Latest(), Is.EqualTo((5_000_000_000UL, Nv12(a, 320, 240))));
        Assert.That(new FileInfo(_file).Length, Is.EqualTo(new ObsQueueLayout(320, 240).TotalSize));

        using (var frame = Frame(b, t0 + Stopwatch.Frequency / 30)) sink.Write(frame);
        Assert.That(reader.ReadIndex, Is.EqualTo(2u));
        Assert.That(reader.Latest().Timestamp, Is.EqualTo(5_033_333_333UL).Within(1UL));
        Assert.That(reader.Latest().Nv12, Is.EqualTo(Nv12(b, 320, 240)));
        Assert.That(log, Has.Some.Contains("320×240"));

        sink.Complete();
        Assert.That(reader.State, Is.EqualTo((uint)ObsQueueState.Stopping));
    }

    [Test]
    public void ALaterFrameOfAnotherSizeIsScaledToTheQueueSize()
    {
        using var sink = new ObsVirtualCameraSink(CreateMapping);
        using var first = RandomImage(64, 48);
        using var large = RandomImage(128, 96);
        using (var frame = Frame(first, 1)) sink.Write(frame);
        using (var frame = Frame(large, 2)) sink.Write(frame);

        using var scaled = new Mat();
        Cv2.Resize(large, scaled, new Size(64, 48), interpolation: InterpolationFlags.Area);
        var reader = Reader();
        Assert.That((reader.Width, reader.Height), Is.EqualTo((64u, 48u)));
        Assert.That(reader.Latest().Nv12, Is.EqualTo(Nv12(scaled, 64, 48)));
        Assert.That(sink.Layout?.Width, Is.EqualTo(64));
    }

    [Test]
    public void DisposeLeavesTheQueueStopping()
    {
        var sink = new ObsVirtualCameraSink(CreateMapping);
        using (var image = RandomImage(16, 16))
        using (var frame = Frame(image, 1))
            sink.Write(frame);
        sink.Dispose();
        Assert.That(BitConverter.ToUInt32(File.ReadAllBytes(_file), 8), Is.EqualTo((uint)ObsQueueState.Stopping));
    }

    [Test]
    public void NoFrameNoMapping()
    {
        var created = false;
        using (var sink = new ObsVirtualCameraSink(size => { created = true; return CreateMapping(size); }))
            sink.Complete();
        Assert.That(created, Is.False);
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new ObsVirtualCameraSink(CreateMapping, framesPerSecond: 0));
    }

    [Test]
    [Platform(Exclude = "Win")]
    public void OutsideWindowsItSaysItIsWindowsOnly()
    {
        var e = Assert.Throws<LiveStyleException>(() => ObsVirtualCameraSink.Open())!;
        Assert.That(e.Message, Does.Contain("Windows only"));
    }
}
