using System.Runtime.CompilerServices;

namespace LiveStyle.Core.Sinks.VirtualCamera;

/// <summary>
/// Linux ioctl request numbers as the kernel's _IO/_IOR/_IOW/_IOWR macros build them
/// (asm-generic layout, used by x86-64 and arm64): bits 0–7 the number, 8–15 the type
/// character, 16–29 the argument size, 30–31 the direction (1 write to the kernel, 2 read from it).
/// </summary>
public static class IoctlNumber
{
    public const uint DirectionNone = 0;
    public const uint DirectionWrite = 1;
    public const uint DirectionRead = 2;

    private const int SizeBits = 14;

    public static uint Encode(uint direction, char type, uint number, int size)
    {
        if (direction > 3 || type > 0xFF || number > 0xFF || size < 0 || size >= 1 << SizeBits)
            throw new ArgumentOutOfRangeException(nameof(size), $"cannot encode ioctl dir {direction} type {type} nr {number} size {size}");
        return direction << 30 | (uint)size << 16 | (uint)type << 8 | number;
    }

    /// <summary>_IOR: the kernel fills a <typeparamref name="T"/>.</summary>
    public static uint Read<T>(char type, uint number) where T : unmanaged =>
        Encode(DirectionRead, type, number, Unsafe.SizeOf<T>());

    /// <summary>_IOW: the kernel reads a <typeparamref name="T"/>.</summary>
    public static uint Write<T>(char type, uint number) where T : unmanaged =>
        Encode(DirectionWrite, type, number, Unsafe.SizeOf<T>());

    /// <summary>_IOWR: the kernel reads and updates a <typeparamref name="T"/>.</summary>
    public static uint ReadWrite<T>(char type, uint number) where T : unmanaged =>
        Encode(DirectionRead | DirectionWrite, type, number, Unsafe.SizeOf<T>());
}
