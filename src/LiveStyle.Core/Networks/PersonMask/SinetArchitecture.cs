namespace LiveStyle.Core.Networks.PersonMask;

/// <summary>One branch of an S2 module: a depthwise conv of <paramref name="Kernel"/> run at 1/<paramref name="Pool"/> of the module's size.</summary>
public readonly record struct S2Branch(int Kernel, int Pool);

/// <summary>An S2 module: a grouped 1×1 conv to half the output channels, a channel shuffle, two branches concatenated.</summary>
public sealed record S2Module(string Key, int InChannels, int OutChannels, bool Residual, S2Branch First, S2Branch Second)
{
    /// <summary>Channels of the 1×1 conv's output, which both branches read whole.</summary>
    public int Reduced => OutChannels / 2;
}

/// <summary>
/// SINet as the authors' portrait model is configured (Park et al., WACV 2020; Dnc_SINet with
/// p = 2, q = 8, chnn = 1, 2 classes): every tensor it reads and its shape. BatchNorm eps is 1e-3.
/// Sides of the input must be multiples of <see cref="SideMultiple"/> (three stride-2 stages, then
/// average pools of up to 4 inside the deepest S2 modules).
/// </summary>
public static class SinetArchitecture
{
    public const int Classes = 2;
    public const int SideMultiple = 32;
    public const float BatchNormEpsilon = 1e-3f;
    public const int Stem = 12, Level2In = 16, Level2 = 48, Level3 = 96;

    /// <summary>The authors' input normalisation, per BGR channel: (pixel − mean) / std / 255, pixels in 0..255.</summary>
    public static readonly float[] MeanBgr = [107.304565f, 115.69884f, 132.35703f];
    public static readonly float[] StdBgr = [63.97182f, 65.1337f, 68.29726f];

    private static readonly (int Kernel, int Pool)[][] Config =
    [
        [(3, 1), (5, 1)], [(3, 1), (3, 1)],
        [(3, 1), (5, 1)], [(3, 1), (3, 1)], [(5, 1), (3, 2)], [(5, 2), (3, 4)],
        [(3, 1), (3, 1)], [(5, 1), (5, 1)], [(3, 2), (3, 4)], [(3, 1), (5, 2)],
    ];

    public static readonly IReadOnlyList<S2Module> Level2Modules = Modules("encoder.level2", Level2In, Level2, 0, 2);
    public static readonly IReadOnlyList<S2Module> Level3Modules = Modules("encoder.level3", Level2, Level3, 2, 8);

    private static S2Module[] Modules(string prefix, int inChannels, int outChannels, int first, int count) =>
    [
        .. Enumerable.Range(0, count).Select(i => new S2Module($"{prefix}.{i}", i == 0 ? inChannels : outChannels, outChannels, i > 0,
            new S2Branch(Config[first + i][0].Kernel, Config[first + i][0].Pool), new S2Branch(Config[first + i][1].Kernel, Config[first + i][1].Pool))),
    ];

    /// <summary>Every tensor the graph reads, with its shape (num_batches_tracked is not read).</summary>
    public static IReadOnlyList<(string Name, int[] Shape)> Tensors { get; } = ListTensors();

    private static List<(string, int[])> ListTensors()
    {
        var list = new List<(string, int[])>();
        void BatchNorm(string key, int c)
        {
            foreach (var part in new[] { "weight", "bias", "running_mean", "running_var" }) list.Add(($"{key}.{part}", [c]));
        }
        void Prelu(string key, int c) => list.Add(($"{key}.weight", [c]));

        list.Add(("encoder.level1.conv.weight", [Stem, 3, 3, 3]));
        BatchNorm("encoder.level1.bn", Stem);
        Prelu("encoder.level1.act", Stem);

        list.Add(("encoder.level2_0.conv.0.weight", [Stem, 1, 3, 3]));
        list.Add(("encoder.level2_0.conv.1.dense.0.weight", [Stem, Stem]));
        list.Add(("encoder.level2_0.conv.1.dense.0.bias", [Stem]));
        Prelu("encoder.level2_0.conv.1.dense.1", Stem);
        list.Add(("encoder.level2_0.conv.2.weight", [Level2In, Stem, 1, 1]));
        BatchNorm("encoder.level2_0.bn", Level2In);
        Prelu("encoder.level2_0.act", Level2In);

        foreach (var m in Level2Modules) AddModule(list, m, BatchNorm, Prelu);
        BatchNorm("encoder.BR2.bn", Level2In + Level2);
        Prelu("encoder.BR2.act", Level2In + Level2);

        const int level3In = Level2In + Level2;
        list.Add(("encoder.level3_0.conv.0.weight", [level3In, 1, 3, 3]));
        list.Add(("encoder.level3_0.conv.1.dense.0.weight", [level3In / 2, level3In]));
        list.Add(("encoder.level3_0.conv.1.dense.0.bias", [level3In / 2]));
        Prelu("encoder.level3_0.conv.1.dense.1", level3In / 2);
        list.Add(("encoder.level3_0.conv.1.dense.2.weight", [level3In, level3In / 2]));
        list.Add(("encoder.level3_0.conv.1.dense.2.bias", [level3In]));
        Prelu("encoder.level3_0.conv.1.dense.3", level3In);
        list.Add(("encoder.level3_0.conv.2.weight", [Level2, level3In, 1, 1]));
        BatchNorm("encoder.level3_0.bn", Level2);
        Prelu("encoder.level3_0.act", Level2);

        foreach (var m in Level3Modules) AddModule(list, m, BatchNorm, Prelu);
        BatchNorm("encoder.BR3.bn", Level2 + Level3);
        Prelu("encoder.BR3.act", Level2 + Level3);
        list.Add(("encoder.classifier.conv.weight", [Classes, Level2 + Level3, 1, 1]));

        BatchNorm("bn_3", Classes);
        list.Add(("level2_C.conv.weight", [Classes, Level2, 1, 1]));
        BatchNorm("level2_C.bn", Classes);
        Prelu("level2_C.act", Classes);
        BatchNorm("bn_2", Classes);
        list.Add(("classifier.1.weight", [Classes, Classes, 3, 3]));
        return list;
    }

    private static void AddModule(List<(string, int[])> list, S2Module m, Action<string, int> batchNorm, Action<string, int> prelu)
    {
        var n = m.Reduced;
        list.Add(($"{m.Key}.c1.conv.weight", [n, m.InChannels / 2, 1, 1]));
        foreach (var (branch, name) in new[] { (m.First, "d1"), (m.Second, "d2") })
        {
            list.Add(($"{m.Key}.{name}.conv.0.weight", [n, 1, branch.Kernel, branch.Kernel]));
            batchNorm($"{m.Key}.{name}.conv.1", n);
            prelu($"{m.Key}.{name}.act_conv1x1.0", n);
            list.Add(($"{m.Key}.{name}.act_conv1x1.1.weight", [n, n, 1, 1]));
            batchNorm($"{m.Key}.{name}.bn", n);
        }
        batchNorm($"{m.Key}.BR.bn", m.OutChannels);
        prelu($"{m.Key}.BR.act", m.OutChannels);
    }
}
