using System.Text;
using static LiveStyle.Core.Sinks.VirtualCamera.V4l2Constants;

namespace LiveStyle.Core.Sinks.VirtualCamera;

/// <summary>The parts of VIDIOC_QUERYCAP's answer the virtual camera looks at.</summary>
public sealed record V4l2DeviceInfo(string Driver, string Card, uint Capabilities, uint DeviceCaps)
{
    /// <summary>The capabilities of this device node: device_caps where the driver fills it in, else the whole driver's.</summary>
    public uint NodeCaps => (Capabilities & CapDeviceCaps) != 0 ? DeviceCaps : Capabilities;

    public bool IsLoopback => Driver == LoopbackDriver;

    /// <summary>
    /// Whether frames can be written to it now. With exclusive_caps=1 a v4l2loopback device
    /// stops announcing output once another program writes to it.
    /// </summary>
    public bool CanOutputVideo => (NodeCaps & CapVideoOutput) != 0;

    public static unsafe V4l2DeviceInfo From(in V4l2Capability cap)
    {
        fixed (V4l2Capability* p = &cap)
            return new V4l2DeviceInfo(CString(p->Driver, 16), CString(p->Card, 32), p->Capabilities, p->DeviceCaps);
    }

    private static unsafe string CString(byte* bytes, int capacity)
    {
        var span = new ReadOnlySpan<byte>(bytes, capacity);
        var end = span.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? span : span[..end]);
    }
}
