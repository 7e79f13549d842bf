using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LiveStyle.Core.Networks.MicroAst.Cpu;

/// <summary>
/// sums + Σ u8×s8 over each 32-bit lane's four byte pairs: what the int8 convs are written against,
/// compiled once per <see cref="Int8Sums"/> choice.
/// </summary>
internal interface IInt8SumOps
{
    static abstract Vector256<int> Add(Vector256<int> sums, Vector256<byte> inputs, Vector256<sbyte> weights);
}

/// <summary>VPDPBUSD (AVX-VNNI).</summary>
internal readonly struct VnniSumOps : IInt8SumOps
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Add(Vector256<int> sums, Vector256<byte> inputs, Vector256<sbyte> weights) => AvxVnni.MultiplyWideningAndAdd(sums, inputs, weights);
}

/// <summary>
/// The same integers by AVX2: bytes 0 and 2 and bytes 1 and 3 of each lane widened to 16 bits (inputs
/// zero-extended, weights sign-extended) and multiplied and paired by VPMADDWD. (VPMADDUBSW would take
/// one step fewer but saturates its 16-bit pair sums: 255 × 127 × 2 does not fit.)
/// </summary>
internal readonly struct WidenedSumOps : IInt8SumOps
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<int> Add(Vector256<int> sums, Vector256<byte> inputs, Vector256<sbyte> weights)
    {
        var words = inputs.AsInt16();
        var evenInputs = words & Vector256.Create((short)0xFF);
        var oddInputs = Avx2.ShiftRightLogical(words, 8);
        var weightWords = weights.AsInt16();
        var evenWeights = Avx2.ShiftRightArithmetic(Avx2.ShiftLeftLogical(weightWords, 8), 8);
        var oddWeights = Avx2.ShiftRightArithmetic(weightWords, 8);
        return sums + Avx2.MultiplyAddAdjacent(evenInputs, evenWeights) + Avx2.MultiplyAddAdjacent(oddInputs, oddWeights);
    }
}
