using System.Runtime.Intrinsics.X86;
using X86 = System.Runtime.Intrinsics.X86;

namespace LiveStyle.Core.Networks.MicroAst.Cpu;

/// <summary>
/// The x86 instruction sets the fast network's CPU kernels can use, as .NET reports them to managed
/// code (so DOTNET_EnableAVX512=0 / DOTNET_EnableAVX2=0 turn them off). <see cref="Avx512Vnni"/> is
/// read from CPUID: .NET 10 has no managed intrinsic for it, it only explains the choice.
/// </summary>
public readonly record struct CpuFeatures(bool Avx512F, bool Avx2, bool Fma, bool AvxVnni, bool Avx512Vnni)
{
    /// <summary>This machine's.</summary>
    public static CpuFeatures Current { get; } = new(X86.Avx512F.IsSupported, X86.Avx2.IsSupported, X86.Fma.IsSupported, X86.AvxVnni.IsSupported, CpuidAvx512Vnni());

    /// <summary>True when every set this one has, <paramref name="machine"/> has too (a choice made from it can run there).</summary>
    public bool IsSubsetOf(CpuFeatures machine) =>
        (!Avx512F || machine.Avx512F) && (!Avx2 || machine.Avx2) && (!Fma || machine.Fma) && (!AvxVnni || machine.AvxVnni);

    /// <summary>CPUID leaf 7, sub-leaf 0, ECX bit 11.</summary>
    private static bool CpuidAvx512Vnni() => X86Base.IsSupported && (X86Base.CpuId(7, 0).Ecx & (1 << 11)) != 0;
}
