namespace LiveStyle.Core.Networks.MicroAst.Cpu;

/// <summary>Where the fast network's full-resolution layers run.</summary>
public enum MicroAstKernelPath
{
    /// <summary>LiveStyle's CPU kernels, 16 floats per instruction.</summary>
    Avx512,
    /// <summary>The same kernels, 8 floats per instruction.</summary>
    Avx2,
    /// <summary>No kernels: the whole network in ONNX Runtime (which picks its own instructions).</summary>
    WholeGraph,
}

/// <summary>How the int8 first and last convs make their u8×s8 int32 sums (both give the same integers).</summary>
public enum Int8Sums
{
    /// <summary>VPDPBUSD (AVX-VNNI): four products and the sum in one instruction.</summary>
    AvxVnni,
    /// <summary>Bytes widened to 16 bits and summed in pairs by VPMADDWD (AVX2): exact, about twice the instructions.</summary>
    Avx2Widened,
}

/// <summary>The kernel path and int8 sums for a CPU, and why, in words for the overlay, the log and `livestyle devices`.</summary>
public sealed record CpuKernelChoice(MicroAstKernelPath Path, Int8Sums Sums, string Reason)
{
    /// <summary>The choice for this machine.</summary>
    public static CpuKernelChoice Current { get; } = For(CpuFeatures.Current);

    /// <summary>A pure function of the CPU's instruction sets.</summary>
    public static CpuKernelChoice For(CpuFeatures cpu)
    {
        var sums = cpu.AvxVnni ? Int8Sums.AvxVnni : Int8Sums.Avx2Widened;
        var sumsReason = sums == Int8Sums.AvxVnni
            ? "int8 sums by AVX-VNNI"
            : cpu.Avx512Vnni
                ? "int8 sums by AVX2 VPMADDWD (no AVX-VNNI for .NET; the CPU's AVX512-VNNI has no .NET 10 intrinsic)"
                : "int8 sums by AVX2 VPMADDWD (no AVX-VNNI)";
        if (cpu.Avx512F)
            return new(MicroAstKernelPath.Avx512, sums, $"AVX-512: 16-float kernels; {sumsReason}");
        if (cpu.Avx2 && cpu.Fma)
            return new(MicroAstKernelPath.Avx2, sums, $"no AVX-512, AVX2 + FMA: 8-float kernels; {sumsReason}");
        return new(MicroAstKernelPath.WholeGraph, sums, "no AVX2 + FMA: the whole network in ONNX Runtime");
    }

    /// <summary>"AVX-512 kernels", "AVX2 kernels", "whole graph": for the overlay's network line.</summary>
    public string ShortName => Path switch
    {
        MicroAstKernelPath.Avx512 => "AVX-512 kernels",
        MicroAstKernelPath.Avx2 => "AVX2 kernels",
        _ => "whole graph",
    };

    public bool HasKernels => Path != MicroAstKernelPath.WholeGraph;
    public bool Wide => Path == MicroAstKernelPath.Avx512;
}
