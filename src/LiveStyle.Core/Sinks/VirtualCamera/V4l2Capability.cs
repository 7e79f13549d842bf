using System.Runtime.InteropServices;

namespace LiveStyle.Core.Sinks.VirtualCamera;

/// <summary>struct v4l2_capability (linux/videodev2.h), 104 bytes: what VIDIOC_QUERYCAP fills.</summary>
[StructLayout(LayoutKind.Explicit, Size = 104)]
public unsafe struct V4l2Capability
{
    [FieldOffset(0)] public fixed byte Driver[16];
    [FieldOffset(16)] public fixed byte Card[32];
    [FieldOffset(48)] public fixed byte BusInfo[32];
    [FieldOffset(80)] public uint Version;
    [FieldOffset(84)] public uint Capabilities;
    [FieldOffset(88)] public uint DeviceCaps;
    [FieldOffset(92)] public fixed uint Reserved[3];
}
