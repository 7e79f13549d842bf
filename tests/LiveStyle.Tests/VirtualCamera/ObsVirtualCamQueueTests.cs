using System.IO.MemoryMappedFiles;
using LiveStyle.Core.Sinks.VirtualCamera;
using NUnit.Framework;

namespace LiveStyle.Tests.VirtualCamera;

/// <summary>The OBS queue layout and write protocol, on a file-backed mapping (named mappings are Windows-only).</summary>
public class ObsVirtualCamQueueTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = TestEnvironment.NewTempDirectory();

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private MemoryMappedFile Mapping(long size) =>
        MemoryMappedFile.CreateFromFile(Path.Combine(_dir, $"queue-{Guid.NewGuid():N}"), FileMode.CreateNew, null, size);

    [Test]
    public void LayoutOf640x480()
    {
        var layout = new ObsQueueLayout(640, 480);
        Assert.That(layout.FrameBytes, Is.EqualTo(460_800));
        Assert.That((layout.Slot0, layout.Slot1, layout.Slot2), Is.EqualTo((96, 460_928, 921_760)));
        Assert.That(layout.TotalSize, Is.EqualTo(1_382_592));
        Assert.That(layout.FrameOffset(1), Is.EqualTo(460_960));
    }

    [Test]
    public void SlotsStartOn32ByteBoundaries()
    {
        // 6×2: 18-byte frames, so every slot needs padding to the next boundary.
        var layout = new ObsQueueLayout(6, 2);
        Assert.That((layout.Slot0, layout.Slot1, layout.Slot2, layout.TotalSize), Is.EqualTo((96, 160, 224, 288)));
        Assert.Throws<ArgumentException>(() => _ = new ObsQueueLayout(7, 2));
        Assert.Throws<ArgumentException>(() => _ = new ObsQueueLayout(6, 3));
    }

    [Test]
    public void HeaderIsWrittenAtOBSsOffsets()
    {
        var layout = new ObsQueueLayout(64, 48);
        using var mapping = Mapping(layout.TotalSize);
        using var view = mapping.CreateViewAccessor();
        view.WriteArray(0, Enumerable.Repeat((byte)0xEE, 80).ToArray(), 0, 80); // stale bytes must be cleared
        using var queue = new ObsVirtualCamQueue(view, 64, 48, 333_333);

        var reader = new ObsQueueReader(view);
        Assert.That(reader.WriteIndex, Is.Zero);
        Assert.That(reader.ReadIndex, Is.Zero);
        Assert.That(reader.State, Is.EqualTo((uint)ObsQueueState.Starting));
        Assert.That(reader.Offsets, Is.EqualTo(new uint[] { 96, (uint)layout.Slot1, (uint)layout.Slot2 }));
        Assert.That(reader.Type, Is.Zero, "SHARED_QUEUE_TYPE_VIDEO");
        Assert.That((reader.Width, reader.Height), Is.EqualTo((64u, 48u)));
        Assert.That(reader.Interval, Is.EqualTo(333_333UL));
        Assert.That(reader.Bytes(36, 4), Is.All.Zero, "padding before the 8-byte interval");
        Assert.That(reader.Bytes(48, 32), Is.All.Zero, "reserved");
    }

    [Test]
    public void EachWriteFillsTheNextSlotThenPublishesIt()
    {
        var layout = new ObsQueueLayout(8, 4);
        using var mapping = Mapping(layout.TotalSize);
        using var view = mapping.CreateViewAccessor();
        using var queue = new ObsVirtualCamQueue(view, 8, 4, 166_667);
        var reader = new ObsQueueReader(view);

        var frames = Enumerable.Range(1, 5).Select(n => Enumerable.Repeat((byte)(n * 10), layout.FrameBytes).ToArray()).ToArray();
        for (var n = 1; n <= 5; n++)
        {
            queue.Write(frames[n - 1], (ulong)n * 1_000_000);
            Assert.That(reader.WriteIndex, Is.EqualTo((uint)n));
            Assert.That(reader.ReadIndex, Is.EqualTo((uint)n));
            Assert.That(reader.State, Is.EqualTo((uint)ObsQueueState.Ready));
            var slot = n % 3;
            Assert.That(view.ReadUInt64(layout.SlotOffset(slot)), Is.EqualTo((ulong)n * 1_000_000), $"timestamp of frame {n}");
            Assert.That(reader.Bytes(layout.FrameOffset(slot), layout.FrameBytes), Is.EqualTo(frames[n - 1]), $"frame {n} in slot {slot}");
            Assert.That(reader.Latest().Nv12, Is.EqualTo(frames[n - 1]));
        }
        // The slots not written last still hold frames 4 and 3 (slots 1 and 0).
        Assert.That(reader.Bytes(layout.FrameOffset(1), layout.FrameBytes), Is.EqualTo(frames[3]));
        Assert.That(reader.Bytes(layout.FrameOffset(0), layout.FrameBytes), Is.EqualTo(frames[2]));
        Assert.That(reader.Bytes(layout.Slot0 + 8, 24), Is.All.Zero, "rest of the frame header");
    }

    [Test]
    public void TheIndexWrapsAroundLikeAnUnsigned32BitCounter()
    {
        var layout = new ObsQueueLayout(2, 2);
        using var mapping = Mapping(layout.TotalSize);
        using var view = mapping.CreateViewAccessor();
        using var queue = new ObsVirtualCamQueue(view, 2, 2, 333_333);
        var reader = new ObsQueueReader(view);
        view.Write(0, uint.MaxValue - 1);

        queue.Write([1, 1, 1, 1, 1, 1], 1);
        Assert.That(reader.ReadIndex, Is.EqualTo(uint.MaxValue));
        Assert.That(reader.Latest(), Is.EqualTo((1UL, new byte[] { 1, 1, 1, 1, 1, 1 })));
        queue.Write([2, 2, 2, 2, 2, 2], 2);
        Assert.That(reader.ReadIndex, Is.Zero);
        Assert.That(reader.Latest(), Is.EqualTo((2UL, new byte[] { 2, 2, 2, 2, 2, 2 })));
    }

    [Test]
    public void StoppingAndDisposingTellTheReader()
    {
        var layout = new ObsQueueLayout(2, 2);
        using var mapping = Mapping(layout.TotalSize);
        using var view = mapping.CreateViewAccessor();
        var reader = new ObsQueueReader(view);
        var queue = new ObsVirtualCamQueue(view, 2, 2, 333_333);
        queue.Write(new byte[6], 0);
        queue.Stop();
        Assert.That(reader.State, Is.EqualTo((uint)ObsQueueState.Stopping));

        view.Write(8, (uint)ObsQueueState.Ready);
        queue.Dispose();
        queue.Dispose();
        Assert.That(reader.State, Is.EqualTo((uint)ObsQueueState.Stopping));
        Assert.Throws<ObjectDisposedException>(() => queue.Write(new byte[6], 0));
    }

    [Test]
    public void AViewAtAnOffsetIsAddressedFromItsStart()
    {
        var layout = new ObsQueueLayout(4, 2);
        using var mapping = Mapping(100 + layout.TotalSize);
        using (var view = mapping.CreateViewAccessor(100, layout.TotalSize))
        using (var queue = new ObsVirtualCamQueue(view, 4, 2, 1))
            queue.Write([9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9], 7);

        using var whole = mapping.CreateViewAccessor();
        Assert.That(whole.ReadUInt32(100 + 28), Is.EqualTo(4u), "cx");
        Assert.That(whole.ReadUInt64(100 + layout.SlotOffset(1)), Is.EqualTo(7UL));
        Assert.That(whole.ReadByte(100 + layout.FrameOffset(1)), Is.EqualTo(9));
        Assert.That(whole.ReadByte(99), Is.Zero, "nothing before the view");
    }

    [Test]
    public void WrongSizesAreRefused()
    {
        var layout = new ObsQueueLayout(4, 2);
        using var mapping = Mapping(layout.TotalSize);
        using (var view = mapping.CreateViewAccessor())
        using (var queue = new ObsVirtualCamQueue(view, 4, 2, 1))
            Assert.Throws<ArgumentException>(() => queue.Write(new byte[11], 0));

        using var small = mapping.CreateViewAccessor(0, layout.TotalSize - 1);
        Assume.That(small.Capacity, Is.LessThan(layout.TotalSize), "Windows rounds views up to whole pages");
        Assert.Throws<ArgumentException>(() => _ = new ObsVirtualCamQueue(small, 4, 2, 1));
    }
}
