namespace LiveStyle.Train.Training;

/// <summary>
/// Random streams derived from (seed, stream, index) by SplitMix64, so any sample of a run can be
/// recreated without replaying the ones before it (which is what makes resuming exact).
/// </summary>
public static class SeededRandom
{
    public static Random For(int seed, int stream, long index) => new(Seed(seed, stream, index));

    public static int Seed(int seed, int stream, long index)
    {
        var x = Mix((ulong)seed * 0x9E3779B97F4A7C15UL ^ Mix((ulong)stream + 0x632BE59BD9B4E019UL) ^ Mix((ulong)index + 0x2545F4914F6CDD1DUL));
        return (int)(x & 0x7fffffff);
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
