using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using LiveStyle.Core.Sinks.VirtualCamera;
using NUnit.Framework;

namespace LiveStyle.Tests.VirtualCamera;

/// <summary>The structs and request numbers against the kernel's x86-64 ABI as published in linux/videodev2.h.</summary>
public class V4l2AbiTests
{
    [Test]
    public void IoctlNumbersMatchThePublishedValues()
    {
        Assert.That(V4l2Constants.VidiocQueryCap, Is.EqualTo(0x80685600u), "VIDIOC_QUERYCAP");
        Assert.That(V4l2Constants.VidiocGetFormat, Is.EqualTo(0xC0D05604u), "VIDIOC_G_FMT");
        Assert.That(V4l2Constants.VidiocSetFormat, Is.EqualTo(0xC0D05605u), "VIDIOC_S_FMT");
        Assert.That(V4l2Constants.VidiocEnumFormat, Is.EqualTo(0xC0405602u), "VIDIOC_ENUM_FMT");
        Assert.That(V4l2Constants.VidiocEnumFrameSizes, Is.EqualTo(0xC02C564Au), "VIDIOC_ENUM_FRAMESIZES");
        Assert.That(V4l2Constants.VidiocEnumFrameIntervals, Is.EqualTo(0xC034564Bu), "VIDIOC_ENUM_FRAMEINTERVALS");
    }

    [Test]
    public void EnumerationStructsMatchTheKernelLayout()
    {
        Assert.That(Marshal.SizeOf<V4l2FormatDescription>(), Is.EqualTo(64));
        Assert.That((int)Marshal.OffsetOf<V4l2FormatDescription>(nameof(V4l2FormatDescription.Description)), Is.EqualTo(12));
        Assert.That((int)Marshal.OffsetOf<V4l2FormatDescription>(nameof(V4l2FormatDescription.PixelFormat)), Is.EqualTo(44));
        Assert.That(Marshal.SizeOf<V4l2FrameSizeEnum>(), Is.EqualTo(44));
        Assert.That((int)Marshal.OffsetOf<V4l2FrameSizeEnum>(nameof(V4l2FrameSizeEnum.Width)), Is.EqualTo(12));
        Assert.That((int)Marshal.OffsetOf<V4l2FrameSizeEnum>(nameof(V4l2FrameSizeEnum.StepHeight)), Is.EqualTo(32));
        Assert.That(Marshal.SizeOf<V4l2FrameIntervalEnum>(), Is.EqualTo(52));
        Assert.That((int)Marshal.OffsetOf<V4l2FrameIntervalEnum>(nameof(V4l2FrameIntervalEnum.Type)), Is.EqualTo(16));
        Assert.That((int)Marshal.OffsetOf<V4l2FrameIntervalEnum>(nameof(V4l2FrameIntervalEnum.Numerator)), Is.EqualTo(20));
        Assert.That((int)Marshal.OffsetOf<V4l2FrameIntervalEnum>(nameof(V4l2FrameIntervalEnum.MaxDenominator)), Is.EqualTo(32));
    }

    [Test]
    public void IoctlEncodingPutsEachFieldInItsBits()
    {
        Assert.That(IoctlNumber.Encode(IoctlNumber.DirectionNone, 'T', 0x1B, 0), Is.EqualTo(0x541Bu), "_IO('T', 0x1B)");
        Assert.That(IoctlNumber.Write<int>('V', 18), Is.EqualTo(0x40045612u), "VIDIOC_STREAMON = _IOW('V', 18, int)");
        Assert.That(IoctlNumber.Read<uint>('V', 38), Is.EqualTo(0x80045626u), "VIDIOC_G_INPUT = _IOR('V', 38, int)");
        Assert.That(IoctlNumber.ReadWrite<long>('V', 0xFF), Is.EqualTo(0xC00856FFu));
        Assert.Throws<ArgumentOutOfRangeException>(() => IoctlNumber.Encode(IoctlNumber.DirectionRead, 'V', 0, 1 << 14));
        Assert.Throws<ArgumentOutOfRangeException>(() => IoctlNumber.Encode(IoctlNumber.DirectionRead, 'V', 256, 4));
    }

    [Test]
    public void StructSizes()
    {
        Assert.That(Unsafe.SizeOf<V4l2Capability>(), Is.EqualTo(104));
        Assert.That(Marshal.SizeOf<V4l2Capability>(), Is.EqualTo(104));
        Assert.That(Unsafe.SizeOf<V4l2PixFormat>(), Is.EqualTo(48));
        Assert.That(Marshal.SizeOf<V4l2PixFormat>(), Is.EqualTo(48));
        Assert.That(Unsafe.SizeOf<V4l2Format>(), Is.EqualTo(208));
        Assert.That(Marshal.SizeOf<V4l2Format>(), Is.EqualTo(208));
        Assert.That(V4l2Format.UnionOffset + V4l2Format.UnionSize, Is.EqualTo(208));
    }

    [TestCase(nameof(V4l2Capability.Driver), 0)]
    [TestCase(nameof(V4l2Capability.Card), 16)]
    [TestCase(nameof(V4l2Capability.BusInfo), 48)]
    [TestCase(nameof(V4l2Capability.Version), 80)]
    [TestCase(nameof(V4l2Capability.Capabilities), 84)]
    [TestCase(nameof(V4l2Capability.DeviceCaps), 88)]
    [TestCase(nameof(V4l2Capability.Reserved), 92)]
    public void CapabilityOffsets(string field, int offset) =>
        Assert.That((int)Marshal.OffsetOf<V4l2Capability>(field), Is.EqualTo(offset));

    [TestCase(nameof(V4l2PixFormat.Width), 0)]
    [TestCase(nameof(V4l2PixFormat.Height), 4)]
    [TestCase(nameof(V4l2PixFormat.PixelFormat), 8)]
    [TestCase(nameof(V4l2PixFormat.Field), 12)]
    [TestCase(nameof(V4l2PixFormat.BytesPerLine), 16)]
    [TestCase(nameof(V4l2PixFormat.SizeImage), 20)]
    [TestCase(nameof(V4l2PixFormat.Colorspace), 24)]
    [TestCase(nameof(V4l2PixFormat.Priv), 28)]
    [TestCase(nameof(V4l2PixFormat.Flags), 32)]
    [TestCase(nameof(V4l2PixFormat.YcbcrEncoding), 36)]
    [TestCase(nameof(V4l2PixFormat.Quantization), 40)]
    [TestCase(nameof(V4l2PixFormat.TransferFunction), 44)]
    public void PixFormatOffsets(string field, int offset) =>
        Assert.That((int)Marshal.OffsetOf<V4l2PixFormat>(field), Is.EqualTo(offset));

    [Test]
    public void FormatPutsThePixFormatAtOffsetEight()
    {
        Assert.That((int)Marshal.OffsetOf<V4l2Format>(nameof(V4l2Format.Type)), Is.EqualTo(0));
        Assert.That((int)Marshal.OffsetOf<V4l2Format>(nameof(V4l2Format.Pix)), Is.EqualTo(8));

        var format = new V4l2Format { Type = 2, Pix = new V4l2PixFormat { Width = 640, Height = 480, PixelFormat = V4l2Constants.FourccYuyv } };
        var bytes = MemoryMarshal.AsBytes(new ReadOnlySpan<V4l2Format>(ref format));
        Assert.That(BitConverter.ToUInt32(bytes[0..4]), Is.EqualTo(2u));
        Assert.That(BitConverter.ToUInt32(bytes[4..8]), Is.EqualTo(0u), "padding");
        Assert.That(BitConverter.ToUInt32(bytes[8..12]), Is.EqualTo(640u));
        Assert.That(BitConverter.ToUInt32(bytes[12..16]), Is.EqualTo(480u));
        Assert.That(bytes[16..20].ToArray(), Is.EqualTo("YUYV"u8.ToArray()));
    }

    [Test]
    public void FourccCodes()
    {
        Assert.That(V4l2Constants.FourccYuyv, Is.EqualTo(0x56595559u));
        Assert.That(V4l2Constants.FourccI420, Is.EqualTo(0x32315559u));
        Assert.That(V4l2Constants.FourccNv12, Is.EqualTo(0x3231564Eu));
        Assert.That(V4l2Constants.FourccText(V4l2Constants.FourccI420), Is.EqualTo("YU12"));
    }

    [Test]
    public void CapabilityBytesParseIntoDeviceInfo()
    {
        // What v4l2loopback fills in, laid out by hand.
        var bytes = new byte[104];
        "v4l2 loopback"u8.CopyTo(bytes.AsSpan(0));
        "LiveStyle"u8.CopyTo(bytes.AsSpan(16));
        "platform:v4l2loopback-010"u8.CopyTo(bytes.AsSpan(48));
        BitConverter.TryWriteBytes(bytes.AsSpan(84), 0x85208003u);
        BitConverter.TryWriteBytes(bytes.AsSpan(88), 0x05208002u);
        var cap = MemoryMarshal.Read<V4l2Capability>(bytes);

        var info = V4l2DeviceInfo.From(cap);
        Assert.That(info.Driver, Is.EqualTo("v4l2 loopback"));
        Assert.That(info.Card, Is.EqualTo("LiveStyle"));
        Assert.That(info.IsLoopback);
        Assert.That(info.NodeCaps, Is.EqualTo(0x05208002u), "device_caps, since V4L2_CAP_DEVICE_CAPS is set");
        Assert.That(info.CanOutputVideo);

        var readerSide = info with { DeviceCaps = 0x05208001 };
        Assert.That(readerSide.CanOutputVideo, Is.False, "exclusive_caps: capture only once a writer is active");
        var noDeviceCaps = new V4l2DeviceInfo("old", "old", V4l2Constants.CapVideoOutput, 0);
        Assert.That(noDeviceCaps.CanOutputVideo, "falls back to capabilities");
    }
}
