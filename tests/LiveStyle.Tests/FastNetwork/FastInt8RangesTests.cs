using LiveStyle.Core;
using LiveStyle.Core.Models;
using LiveStyle.Core.Networks.MicroAst;
using LiveStyle.Core.Quantization;
using NUnit.Framework;

namespace LiveStyle.Tests.FastNetwork;

/// <summary>
/// The fast stylizer's shipped int8 calibration ranges, as AdaIN's (<see cref="Int8RangesTests"/>): they
/// rebuild the calibrated model without the images, and the committed file is what the calibration gives.
/// </summary>
public class FastInt8RangesTests
{
    private static QuantizationSettings Settings => MicroAstQuantization.DefaultSettings;

    private static readonly Lazy<Int8StylizerResult> Built = new(() => MicroAstQuantization.GetOrBuild(TestEnvironment.Store, TestEnvironment.Calibration, Settings));

    /// <summary>The ranges this test run's int8 build wrote beside its model.</summary>
    private static Int8Ranges Produced()
    {
        Assert.That(Built.Value.Accepted, Built.Value.Report.Summary());
        return Int8Ranges.TryRead(MicroAstQuantization.RangesPath(TestEnvironment.Store, TestEnvironment.Calibration, Settings))
            ?? throw new AssertionException("the fast int8 build wrote no ranges file");
    }

    private static string CommittedPath =>
        Path.Combine(LiveStylePaths.Int8RangesDirectory, Int8Ranges.FileName(MicroAstQuantization.RangesKey, TestEnvironment.Store.FastWeightsHash));

    [Test]
    public void TheRangesAloneRebuildTheCalibratedModelExactly()
    {
        var produced = Produced();
        var dir = TestEnvironment.NewTempDirectory();
        try
        {
            var store = new ModelStore(TestEnvironment.WeightsDirectory, dir);
            var result = MicroAstQuantization.FromRanges(store, produced, Settings);
            Assert.That(result.Accepted);
            Assert.That(File.ReadAllBytes(result.ModelPath!), Is.EqualTo(File.ReadAllBytes(Built.Value.ModelPath!)),
                "the same ONNX model, byte for byte, without the calibration images");
            Assert.That(Path.GetFileName(result.ModelPath), Is.EqualTo(Path.GetFileName(Built.Value.ModelPath)), "and the same cache key");
            Assert.That(result.Report.MeanPsnr, Is.EqualTo(Built.Value.Report.MeanPsnr), "the gate's figures travel with the ranges");
            Assert.Throws<LiveStyleException>(() => MicroAstQuantization.FromRanges(store, produced, Settings with { Headroom = 1.5 }), "other settings");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void TheCommittedRangesAreWhatTheCalibrationGivesOnTheSharedImages()
    {
        var committed = Int8Ranges.TryRead(CommittedPath);
        const string howTo = "regenerate it with `livestyle int8-ranges` (writes models/int8) and commit it";
        Assert.That(committed, Is.Not.Null, $"{CommittedPath} is missing: {howTo}");
        Assert.That(new FileInfo(CommittedPath).Length, Is.LessThan(64 * 1024));
        var produced = Produced();
        Assert.That(committed!.Fits(MicroAstQuantization.RangesKey, TestEnvironment.Store.FastWeightsHash, Settings), $"made for other weights, settings or int8 version: {howTo}");
        Assert.That(committed.Fits(Int8Stylizer.RangesKey, TestEnvironment.Store.FastWeightsHash, Settings), Is.False, "AdaIN's int8 build does not take them");
        Assert.That(committed.CalibrationSha256, Is.EqualTo(produced.CalibrationSha256), $"made from other calibration images: {howTo}");
        Assert.That(committed.FloatLayers, Is.EqualTo(produced.FloatLayers));
        Assert.That(committed.Report.Passed);
        // Float results may differ in the last bits between CPUs; the ranges must agree closely, not bitwise.
        Assert.That(committed.Activations.Keys, Is.EquivalentTo(produced.Activations.Keys));
        foreach (var (label, q) in produced.Activations)
        {
            Assert.That(committed.Activations[label].Scale, Is.EqualTo(q.Scale).Within(2).Percent, $"{label}: {howTo}");
            Assert.That((int)committed.Activations[label].ZeroPoint, Is.EqualTo(q.ZeroPoint).Within(2), label);
        }
    }
}
