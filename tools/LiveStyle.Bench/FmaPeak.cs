using System.Diagnostics;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LiveStyle.Bench;

/// <summary>
/// The machine's float32 arithmetic limit: a tight loop of independent fused multiply-adds on
/// registers (no memory traffic), widest vectors the CPU has, one thread per core, all running
/// at once. No real kernel beats it, so "% of this" is a true fraction of the machine.
/// </summary>
public static class FmaPeak
{
    /// <summary>One burst: about 5 ms, short enough that many bursts run undisturbed on a busy host.</summary>
    private const int Iterations = 500_000;

    /// <summary>
    /// Every thread runs <paramref name="bursts"/> bursts at once with the others and keeps its
    /// fastest; the limit is the sum of those (each core's undisturbed rate), so other processes on
    /// the host lower it less than they lower any real kernel.
    /// </summary>
    public static (double GflopPerSecond, string Kind) Measure(int threads, int bursts)
    {
        var best = new double[threads];
        var workers = Enumerable.Range(0, threads).Select(i => new Thread(() =>
        {
            for (var b = 0; b < bursts; b++)
            {
                var start = Stopwatch.GetTimestamp();
                var flops = Kernel();
                best[i] = Math.Max(best[i], flops / Stopwatch.GetElapsedTime(start).TotalSeconds / 1e9);
            }
        }) { IsBackground = true }).ToArray();
        foreach (var t in workers) t.Start();
        foreach (var t in workers) t.Join();
        return (best.Sum(), Avx512F.IsSupported ? "AVX-512 FMA" : Fma.IsSupported ? "AVX2 FMA" : "scalar");
    }

    /// <summary>12 independent accumulators hide the FMA latency; returns the FLOPs done.</summary>
    private static double Kernel()
    {
        if (Avx512F.IsSupported)
        {
            var m = Vector512.Create(0.999999f);
            var c = Vector512.Create(1e-7f);
            Vector512<float> a0 = Vector512.Create(1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
            for (var i = 0; i < Iterations; i++)
            {
                a0 = Avx512F.FusedMultiplyAdd(a0, m, c); a1 = Avx512F.FusedMultiplyAdd(a1, m, c); a2 = Avx512F.FusedMultiplyAdd(a2, m, c);
                a3 = Avx512F.FusedMultiplyAdd(a3, m, c); a4 = Avx512F.FusedMultiplyAdd(a4, m, c); a5 = Avx512F.FusedMultiplyAdd(a5, m, c);
                a6 = Avx512F.FusedMultiplyAdd(a6, m, c); a7 = Avx512F.FusedMultiplyAdd(a7, m, c); a8 = Avx512F.FusedMultiplyAdd(a8, m, c);
                a9 = Avx512F.FusedMultiplyAdd(a9, m, c); a10 = Avx512F.FusedMultiplyAdd(a10, m, c); a11 = Avx512F.FusedMultiplyAdd(a11, m, c);
            }
            Sink(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
            return 12.0 * 16 * 2 * Iterations;
        }
        if (Fma.IsSupported)
        {
            var m = Vector256.Create(0.999999f);
            var c = Vector256.Create(1e-7f);
            Vector256<float> a0 = Vector256.Create(1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
            for (var i = 0; i < Iterations; i++)
            {
                a0 = Fma.MultiplyAdd(a0, m, c); a1 = Fma.MultiplyAdd(a1, m, c); a2 = Fma.MultiplyAdd(a2, m, c);
                a3 = Fma.MultiplyAdd(a3, m, c); a4 = Fma.MultiplyAdd(a4, m, c); a5 = Fma.MultiplyAdd(a5, m, c);
                a6 = Fma.MultiplyAdd(a6, m, c); a7 = Fma.MultiplyAdd(a7, m, c); a8 = Fma.MultiplyAdd(a8, m, c);
                a9 = Fma.MultiplyAdd(a9, m, c); a10 = Fma.MultiplyAdd(a10, m, c); a11 = Fma.MultiplyAdd(a11, m, c);
            }
            Sink(Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11));
            return 12.0 * 8 * 2 * Iterations;
        }
        float s = 1f;
        for (var i = 0; i < Iterations; i++) s = s * 0.999999f + 1e-7f;
        Sink(s);
        return 2.0 * Iterations;
    }

    private static float _sink;
    private static void Sink(Vector512<float> v) => _sink += Vector512.Sum(v);
    private static void Sink(float v) => _sink += v;
}
