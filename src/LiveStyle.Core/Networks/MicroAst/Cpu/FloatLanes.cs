using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LiveStyle.Core.Networks.MicroAst.Cpu;

/// <summary>
/// The float vector operations the CPU kernels use, for one vector width: the kernels are written once,
/// generic over this, and the JIT compiles a copy per width (<see cref="Lanes512"/>: AVX-512,
/// <see cref="Lanes256"/>: AVX2 + FMA). Lane shuffles that differ by width are named for their result.
/// </summary>
internal interface IFloatLanes<TVector> where TVector : struct
{
    static abstract int Count { get; }
    static abstract TVector Create(float value);
    static abstract TVector Load(ref float source, nuint at);
    static abstract void Store(TVector value, ref float destination, nuint at);
    /// <summary>a × b + addend, fused (one rounding).</summary>
    static abstract TVector MultiplyAdd(TVector a, TVector b, TVector addend);
    static abstract TVector Multiply(TVector a, TVector b);
    static abstract TVector Relu(TVector value);
    static abstract TVector Clamp01(TVector value);
    /// <summary>The even lanes of <paramref name="low"/> then those of <paramref name="high"/>.</summary>
    static abstract TVector EvenLanes(TVector low, TVector high);
    /// <summary>[c1 … c(n−1), n0]: each lane's right neighbour, the last from <paramref name="next"/>.</summary>
    static abstract TVector RightNeighbours(TVector centre, TVector next);
    /// <summary>[c(n−1), n0 … n(n−2)]: each lane of <paramref name="next"/>'s left neighbour.</summary>
    static abstract TVector LeftNeighboursOfNext(TVector centre, TVector next);
    /// <summary>[c0, c0 … c(n−2)]: left neighbours at a row's start (the first repeats).</summary>
    static abstract TVector LeftNeighboursAtStart(TVector centre);
    /// <summary>[c1 … c(n−1), c(n−1)]: right neighbours at a row's end (the last repeats).</summary>
    static abstract TVector RightNeighboursAtEnd(TVector centre);
    /// <summary>a0, b0, a1, b1 … from the lower halves of a and b.</summary>
    static abstract TVector InterleaveLower(TVector a, TVector b);
    /// <summary>The same from the upper halves.</summary>
    static abstract TVector InterleaveUpper(TVector a, TVector b);
}

/// <summary>16 floats per vector by AVX-512 F.</summary>
internal readonly struct Lanes512 : IFloatLanes<Vector512<float>>
{
    private static readonly Vector512<int> Even = Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    private static readonly Vector512<int> ShiftRight = Vector512.Create(0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14);
    private static readonly Vector512<int> ShiftLeft = Vector512.Create(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 15);
    private static readonly Vector512<int> Lower = Vector512.Create(0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23);
    private static readonly Vector512<int> Upper = Vector512.Create(8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31);

    public static int Count => 16;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Create(float value) => Vector512.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Load(ref float source, nuint at) => Vector512.LoadUnsafe(ref source, at);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector512<float> value, ref float destination, nuint at) => value.StoreUnsafe(ref destination, at);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> MultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> addend) => Avx512F.FusedMultiplyAdd(a, b, addend);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Multiply(Vector512<float> a, Vector512<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Relu(Vector512<float> value) => Avx512F.Max(value, Vector512<float>.Zero);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Clamp01(Vector512<float> value) => Avx512F.Min(Avx512F.Max(value, Vector512<float>.Zero), Vector512<float>.One);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> EvenLanes(Vector512<float> low, Vector512<float> high) => Avx512F.PermuteVar16x32x2(low, Even, high);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> RightNeighbours(Vector512<float> centre, Vector512<float> next) => Avx512F.AlignRight32(next.AsInt32(), centre.AsInt32(), 1).AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> LeftNeighboursOfNext(Vector512<float> centre, Vector512<float> next) => Avx512F.AlignRight32(next.AsInt32(), centre.AsInt32(), 15).AsSingle();
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> LeftNeighboursAtStart(Vector512<float> centre) => Avx512F.PermuteVar16x32(centre, ShiftRight);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> RightNeighboursAtEnd(Vector512<float> centre) => Avx512F.PermuteVar16x32(centre, ShiftLeft);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> InterleaveLower(Vector512<float> a, Vector512<float> b) => Avx512F.PermuteVar16x32x2(a, Lower, b);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> InterleaveUpper(Vector512<float> a, Vector512<float> b) => Avx512F.PermuteVar16x32x2(a, Upper, b);
}

/// <summary>8 floats per vector by AVX2 and FMA (most laptops and desktops without AVX-512).</summary>
internal readonly struct Lanes256 : IFloatLanes<Vector256<float>>
{
    private static readonly Vector256<int> ShiftRight = Vector256.Create(0, 0, 1, 2, 3, 4, 5, 6);
    private static readonly Vector256<int> ShiftLeft = Vector256.Create(1, 2, 3, 4, 5, 6, 7, 7);

    public static int Count => 8;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Create(float value) => Vector256.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Load(ref float source, nuint at) => Vector256.LoadUnsafe(ref source, at);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector256<float> value, ref float destination, nuint at) => value.StoreUnsafe(ref destination, at);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> addend) => Fma.MultiplyAdd(a, b, addend);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Multiply(Vector256<float> a, Vector256<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Relu(Vector256<float> value) => Avx.Max(value, Vector256<float>.Zero);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Clamp01(Vector256<float> value) => Avx.Min(Avx.Max(value, Vector256<float>.Zero), Vector256<float>.One);

    /// <summary>Even lanes within each 128-bit half (l0 l2 h0 h2 | l4 l6 h4 h6), then the middle 64-bit pairs swapped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> EvenLanes(Vector256<float> low, Vector256<float> high) =>
        Avx2.Permute4x64(Avx.Shuffle(low, high, 0b10_00_10_00).AsDouble(), 0b11_01_10_00).AsSingle();

    /// <summary>AVX2's byte alignment works per 128-bit half: aligned against [c4…c7, n0…n3] it crosses them.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> RightNeighbours(Vector256<float> centre, Vector256<float> next) =>
        Avx2.AlignRight(Middle(centre, next).AsByte(), centre.AsByte(), 4).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> LeftNeighboursOfNext(Vector256<float> centre, Vector256<float> next) =>
        Avx2.AlignRight(next.AsByte(), Middle(centre, next).AsByte(), 12).AsSingle();

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> LeftNeighboursAtStart(Vector256<float> centre) => Avx2.PermuteVar8x32(centre, ShiftRight);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> RightNeighboursAtEnd(Vector256<float> centre) => Avx2.PermuteVar8x32(centre, ShiftLeft);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> InterleaveLower(Vector256<float> a, Vector256<float> b) => Avx.Permute2x128(Avx.UnpackLow(a, b), Avx.UnpackHigh(a, b), 0x20);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> InterleaveUpper(Vector256<float> a, Vector256<float> b) => Avx.Permute2x128(Avx.UnpackLow(a, b), Avx.UnpackHigh(a, b), 0x31);

    /// <summary>[c4 … c7, n0 … n3].</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Middle(Vector256<float> centre, Vector256<float> next) => Avx.Permute2x128(centre, next, 0x21);
}
