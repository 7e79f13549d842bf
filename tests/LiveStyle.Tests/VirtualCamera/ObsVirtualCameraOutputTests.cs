using System.IO.MemoryMappedFiles;
using LiveStyle.Core;
using LiveStyle.Core.Sinks.VirtualCamera;
using NUnit.Framework;
using OpenCvSharp;

namespace LiveStyle.Tests.VirtualCamera;

/// <summary>The OBS output on a file-backed mapping in place of the named one OBS's filter opens.</summary>
public class ObsVirtualCameraOutputTests
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

    /// <summary>A second view of the mapping the output made, as the reading process has.</summary>
    private ObsQueueReader Reader()
    {
        _readerView ??= _created!.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
        return new ObsQueueReader(_readerView);
    }

    [Test]
    public void TheQueueIsMadeAtTheFixedSizeAndFramesReachTheReaderWithTheirTimestamps()
    {
        var log = new List<string>();
        using var output = new ObsVirtualCameraOutput(CreateMapping, new Size(321, 241), framesPerSecond: 30, log: log.Add);
        var reader = Reader();
        Assert.That((reader.Width, reader.Height), Is.EqualTo((320u, 240u)), "odd sides made even");
        Assert.That(output.Size, Is.EqualTo(new Size(320, 240)));
        Assert.That(output.Format, Is.EqualTo(VirtualCameraFormat.Nv12));
        Assert.That(reader.Interval, Is.EqualTo(333_333UL), "30 fps in 100 ns units");
        Assert.That(new FileInfo(_file).Length, Is.EqualTo(new ObsQueueLayout(320, 240).TotalSize));

        var a = Enumerable.Range(0, YuvConversion.Nv12Size(320, 240)).Select(i => (byte)i).ToArray();
        var b = a.Select(v => (byte)(255 - v)).ToArray();
        output.Write(a, 5_000_000_000UL);
        Assert.That(reader.State, Is.EqualTo((uint)ObsQueueState.Ready));
        Assert.That(reader.Latest(), Is.EqualTo((5_000_000_000UL, a)));
        output.Write(b, 5_033_333_333UL);
        Assert.That(reader.ReadIndex, Is.EqualTo(2u));
        Assert.That(reader.Latest(), Is.EqualTo((5_033_333_333UL, b)));
        Assert.That(log, Has.Some.Contains("320×240"));

        output.Stop();
        Assert.That(reader.State, Is.EqualTo((uint)ObsQueueState.Stopping));
    }

    [Test]
    public void DisposeLeavesTheQueueStopping()
    {
        var output = new ObsVirtualCameraOutput(CreateMapping, new Size(16, 16));
        output.Write(new byte[YuvConversion.Nv12Size(16, 16)], 1);
        output.Dispose();
        Assert.That(BitConverter.ToUInt32(File.ReadAllBytes(_file), 8), Is.EqualTo((uint)ObsQueueState.Stopping));
    }

    [Test]
    public void ARateOfZeroIsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new ObsVirtualCameraOutput(CreateMapping, new Size(16, 16), framesPerSecond: 0));

    [Test]
    [Platform(Exclude = "Win")]
    public void OutsideWindowsItSaysItIsWindowsOnly()
    {
        var e = Assert.Throws<LiveStyleException>(() => ObsVirtualCameraOutput.Open(new Size(1280, 720)))!;
        Assert.That(e.Message, Does.Contain("Windows only"));
    }
}
