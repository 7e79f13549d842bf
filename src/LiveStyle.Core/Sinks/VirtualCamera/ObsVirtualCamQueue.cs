using System.IO.MemoryMappedFiles;
using System.Runtime.CompilerServices;
using static LiveStyle.Core.Sinks.VirtualCamera.ObsQueueLayout;

namespace LiveStyle.Core.Sinks.VirtualCamera;

/// <summary>
/// The producer side of OBS Studio's virtual-camera queue, on any view of at least
/// <see cref="ObsQueueLayout.TotalSize"/> bytes. OBS's DirectShow filter (the "OBS Virtual Camera"
/// device other programs open) polls the header, and once the state is Ready copies the frame in
/// slot <c>read_idx % 3</c>. A write goes to the slot after the last one and then publishes it by
/// setting read_idx, so the reader never picks a half-written slot unless it lags two frames behind.
/// </summary>
public sealed unsafe class ObsVirtualCamQueue : IDisposable
{
    /// <summary>The name of the mapping in OBS's source (VIDEO_NAME).</summary>
    public const string MappingName = "OBSVirtualCamVideo";

    private readonly MemoryMappedViewAccessor _view;
    private byte* _base;

    /// <summary>Writes a fresh header (state Starting) for frames of the given size; <paramref name="interval"/> is the frame duration in 100 ns units.</summary>
    public ObsVirtualCamQueue(MemoryMappedViewAccessor view, int width, int height, ulong interval)
    {
        Layout = new ObsQueueLayout(width, height);
        if (view.Capacity < Layout.TotalSize)
            throw new ArgumentException($"the view holds {view.Capacity} bytes; a {width}×{height} queue needs {Layout.TotalSize}");
        _view = view;
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _base = pointer + view.PointerOffset;

        new Span<byte>(_base, HeaderSize).Clear();
        U32(StateOffset) = (uint)ObsQueueState.Starting;
        for (var slot = 0; slot < SlotCount; slot++)
            U32(SlotOffsetsOffset + 4 * slot) = (uint)Layout.SlotOffset(slot);
        U32(TypeOffset) = 0; // SHARED_QUEUE_TYPE_VIDEO
        U32(WidthOffset) = (uint)width;
        U32(HeightOffset) = (uint)height;
        U64(IntervalOffset) = interval;
    }

    public ObsQueueLayout Layout { get; }

    /// <summary>Publishes one NV12 frame (<see cref="ObsQueueLayout.FrameBytes"/> bytes) with its timestamp in nanoseconds.</summary>
    public void Write(ReadOnlySpan<byte> nv12, ulong timestamp)
    {
        if (nv12.Length != Layout.FrameBytes)
            throw new ArgumentException($"an NV12 frame of {Layout.Width}×{Layout.Height} has {Layout.FrameBytes} bytes, got {nv12.Length}");
        var index = U32(WriteIndexOffset) + 1;
        U32(WriteIndexOffset) = index;
        var slot = (int)(index % SlotCount);
        U64(Layout.SlotOffset(slot)) = timestamp;
        nv12.CopyTo(new Span<byte>(Pointer + Layout.FrameOffset(slot), Layout.FrameBytes));

        // Release stores: the reader must see the frame before the index that points at it.
        Volatile.Write(ref U32(ReadIndexOffset), index);
        Volatile.Write(ref U32(StateOffset), (uint)ObsQueueState.Ready);
    }

    /// <summary>Tells the reader the stream has ended (it shows its placeholder and lets go of the mapping).</summary>
    public void Stop()
    {
        if (_base != null)
            Volatile.Write(ref U32(StateOffset), (uint)ObsQueueState.Stopping);
    }

    /// <summary>Stops the queue and releases the view's pointer; the view itself stays the caller's.</summary>
    public void Dispose()
    {
        if (_base == null)
            return;
        Stop();
        _base = null;
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
    }

    private byte* Pointer => _base != null ? _base : throw new ObjectDisposedException(nameof(ObsVirtualCamQueue));

    private ref uint U32(int offset) => ref Unsafe.AsRef<uint>(Pointer + offset);

    private ref ulong U64(int offset) => ref Unsafe.AsRef<ulong>(Pointer + offset);
}
