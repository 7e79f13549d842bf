using LiveStyle.Core.Imaging;
using LiveStyle.Core.Models;
using LiveStyle.Core.Networks.AdaIn;
using LiveStyle.Core.Networks.MicroAst;
using NUnit.Framework;

namespace LiveStyle.Tests.MicroAst;

/// <summary>The fast network's ONNX models (built from the real MicroAST weights) against the independent scalar reference.</summary>
public class MicroAstModelTests
{
    private static PlanarImage Style => MicroAstTestModels.Image(TestEnvironment.StyleImages, "starry_night__van_gogh_1889.jpg", 60, 44);
    private static PlanarImage Content(int width, int height) => MicroAstTestModels.Image(TestEnvironment.ContentImages, "golden_gate.jpg", width, height);

    [Test]
    public void StyleEncoderGivesTheReferenceSignals()
    {
        var signals = MicroAstTestModels.Signals(Style);
        Assert.That(signals, Has.Length.EqualTo(MicroAstSignals.Length));
        var expected = MicroAstTestModels.Reference.Signals(MicroAstTestModels.Map(Style));
        TensorAssert.Close(signals, expected, 1e-5, "fast style encoder vs reference");
        // Each block on its own, so a swapped layout cannot hide in the total.
        foreach (var offset in MicroAstSignals.Blocks)
            TensorAssert.Close(signals.AsSpan(offset, MicroAstSignals.BlockLength), expected.AsSpan(offset, MicroAstSignals.BlockLength), 1e-4, $"signals block at {offset}");
    }

    [Test]
    public void StylizerMatchesTheReference()
    {
        var signals = MicroAstTestModels.Signals(Style);
        var content = Content(48, 36);
        var output = MicroAstTestModels.Stylize(content, signals);
        var expected = MicroAstTestModels.Reference.Stylize(MicroAstTestModels.Map(content), signals);
        TensorAssert.Close(output.Data, expected.Data, 1e-4, "fast stylizer vs reference at 48×36");
        Assert.That(Psnr(output.Data, expected.Data), Is.GreaterThan(60), "PSNR vs reference");
    }

    /// <summary>A 45×30 frame is reflect-padded to 48×32 inside the model and cropped back.</summary>
    [Test]
    public void OddSizesKeepTheirSizeAndArePaddedByReflection()
    {
        var signals = MicroAstTestModels.Signals(Style);
        var content = Content(45, 30);
        var output = MicroAstTestModels.Stylize(content, signals);
        Assert.That((output.Width, output.Height), Is.EqualTo((45, 30)));

        var padded = FeatureMap.Zeros(3, 32, 48);
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < 32; y++)
                for (var x = 0; x < 48; x++)
                    padded[c, y, x] = content.Data[(c * 30 + (y < 30 ? y : 2 * 29 - y)) * 45 + (x < 45 ? x : 2 * 44 - x)];
        var full = MicroAstTestModels.Reference.Stylize(padded, signals);
        var cropped = new float[3 * 30 * 45];
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < 30; y++)
                for (var x = 0; x < 45; x++)
                    cropped[(c * 30 + y) * 45 + x] = full[c, y, x];
        TensorAssert.Close(output.Data, cropped, 1e-4, "odd size vs padded reference, cropped");
    }

    [Test]
    public void ModelsAreCachedByTheMicroAstWeightsHash()
    {
        var store = TestEnvironment.Store;
        var path = store.GetOrBuild(MicroAstModel.Stylizer);
        Assert.That(Path.GetFileName(path), Does.StartWith("fast_stylizer."));
        Assert.That(store.GetOrBuild(MicroAstModel.Stylizer), Is.EqualTo(path), "second call reuses the file");
        Assert.That(store.PathFor(MicroAstModel.StyleEncoder), Is.Not.EqualTo(store.PathFor(AdaInModel.StyleEncoder)));
        Assert.That(store.WeightsHash(MicroAstModels.Family), Is.EqualTo(MicroAstTestModels.Weights.ContentHash));
    }

    /// <summary>Each rewrite alone (and the default set) computes the plain graph's function.</summary>
    [Test]
    public void EveryRewriteGivesThePlainGraphsOutput()
    {
        var signals = MicroAstTestModels.Signals(Style);
        var content = Content(40, 28);
        var plain = MicroAstTestModels.Stylize(MicroAstBuildOptions.Plain, content, signals);
        var plainOptions = MicroAstBuildOptions.Plain;
        (string Name, MicroAstBuildOptions Options)[] rewrites =
        [
            ("fold modulation", plainOptions with { FoldModulation = true }),
            ("regroup convs", plainOptions with { RegroupConvs = true }),
            ("output space-to-depth 2", plainOptions with { OutputSpaceToDepth = 2 }),
            ("output space-to-depth 4", plainOptions with { OutputSpaceToDepth = 4 }),
            ("input space-to-depth 2", plainOptions with { InputSpaceToDepth = 2 }),
            ("input space-to-depth 4", plainOptions with { InputSpaceToDepth = 4 }),
            ("default", MicroAstBuildOptions.Default),
        ];
        foreach (var (name, options) in rewrites)
            TensorAssert.Close(MicroAstTestModels.Stylize(options, content, signals).Data, plain.Data, 1e-5, name);
    }

    private static double Psnr(float[] a, float[] b)
    {
        double mse = 0;
        for (var i = 0; i < a.Length; i++) mse += (a[i] - b[i]) * (double)(a[i] - b[i]);
        mse /= a.Length;
        return 10 * Math.Log10(1 / Math.Max(mse, 1e-20));
    }
}
