namespace LiveStyle.Core.Sinks.VirtualCamera;

/// <summary>
/// Where things lie in OBS Studio's virtual-camera shared memory (plugins/win-dshow/shared-memory-queue.c):
/// an 80-byte header, then three frame slots, each starting on a 32-byte boundary with a 32-byte
/// frame header (the first 8 bytes: the frame's timestamp) followed by one tightly packed NV12 frame.
/// </summary>
public readonly record struct ObsQueueLayout
{
    public const int HeaderSize = 80;
    public const int FrameHeaderSize = 32;
    public const int Alignment = 32;
    public const int SlotCount = 3;

    // struct queue_header: three volatile u32 indices, the slot offsets, type, size, then a u64 at 8-byte alignment.
    public const int WriteIndexOffset = 0;
    public const int ReadIndexOffset = 4;
    public const int StateOffset = 8;
    public const int SlotOffsetsOffset = 12;
    public const int TypeOffset = 24;
    public const int WidthOffset = 28;
    public const int HeightOffset = 32;
    public const int IntervalOffset = 40;
    public const int ReservedOffset = 48;

    public ObsQueueLayout(int width, int height)
    {
        if (width <= 0 || height <= 0 || width % 2 != 0 || height % 2 != 0)
            throw new ArgumentException($"NV12 needs a positive even width and height, got {width}×{height}");
        Width = width;
        Height = height;
        FrameBytes = checked(width * height * 3 / 2);
        var size = Align(HeaderSize);
        Slot0 = size;
        size = Align(size + FrameHeaderSize + FrameBytes);
        Slot1 = size;
        size = Align(size + FrameHeaderSize + FrameBytes);
        Slot2 = size;
        TotalSize = Align(size + FrameHeaderSize + FrameBytes);
    }

    public int Width { get; }
    public int Height { get; }
    /// <summary>One NV12 frame: the Y plane and the interleaved CbCr plane, no row padding.</summary>
    public int FrameBytes { get; }
    public int Slot0 { get; }
    public int Slot1 { get; }
    public int Slot2 { get; }
    /// <summary>The size of the whole mapping.</summary>
    public int TotalSize { get; }

    public int SlotOffset(int slot) => slot switch
    {
        0 => Slot0,
        1 => Slot1,
        2 => Slot2,
        _ => throw new ArgumentOutOfRangeException(nameof(slot)),
    };

    /// <summary>Where a slot's NV12 frame starts.</summary>
    public int FrameOffset(int slot) => SlotOffset(slot) + FrameHeaderSize;

    private static int Align(int size) => (size + Alignment - 1) & ~(Alignment - 1);
}
