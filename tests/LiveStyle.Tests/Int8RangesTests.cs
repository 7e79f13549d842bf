using LiveStyle.Core.Networks.AdaIn;
using LiveStyle.Core;
using LiveStyle.Core.Models;
using LiveStyle.Core.Quantization;
using NUnit.Framework;

namespace LiveStyle.Tests;

/// <summary>
/// The shipped int8 calibration ranges: they carry everything the int8 build needs from the images,
/// the committed file is what the calibration gives on the shared images, and it is found by the weights' hash.
/// </summary>
public class Int8RangesTests
{
    private static QuantizationSettings Settings => QuantizationSettings.Default;

    /// <summary>The ranges this test run's int8 build wrote beside its model.</summary>
    private static Int8Ranges Produced()
    {
        TestEnvironment.EnsureInt8Built();
        return Int8Ranges.TryRead(AdaInInt8Stylizer.RangesPath(TestEnvironment.Store, TestEnvironment.Calibration, Settings))
            ?? throw new AssertionException("the int8 build wrote no ranges file");
    }

    private static string CommittedPath => Path.Combine(LiveStylePaths.Int8RangesDirectory, Int8Ranges.FileName(AdaInInt8Stylizer.RangesKey, TestEnvironment.Store.WeightsHash(AdaInModels.Family)));

    [Test]
    public void TheRangesAloneRebuildTheCalibratedModelExactly() =>
        AssertRebuildsExactly(store => AdaInInt8Stylizer.FromRanges(store, Produced(), Settings), TestEnvironment.Int8.Result);

    /// <summary>
    /// <paramref name="fromRanges"/> in an empty models folder gives the model the calibration built, byte for
    /// byte and under the same cache key, with the gate's figures, and without the calibration images.
    /// </summary>
    public static void AssertRebuildsExactly(Func<ModelStore, Int8StylizerResult> fromRanges, Int8StylizerResult calibrated)
    {
        var dir = TestEnvironment.NewTempDirectory();
        try
        {
            var result = fromRanges(new ModelStore(TestEnvironment.WeightsDirectory, dir));
            Assert.That(result.Accepted);
            Assert.That(File.ReadAllBytes(result.ModelPath!), Is.EqualTo(File.ReadAllBytes(calibrated.ModelPath!)),
                "the same ONNX model, byte for byte, without the calibration images");
            Assert.That(Path.GetFileName(result.ModelPath), Is.EqualTo(Path.GetFileName(calibrated.ModelPath)), "and the same cache key");
            Assert.That(result.Report.MeanPsnr, Is.EqualTo(calibrated.Report.MeanPsnr), "the gate's figures travel with the ranges");
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
        var produced = Produced();
        Assert.That(committed!.Fits(AdaInInt8Stylizer.RangesKey, TestEnvironment.Store.WeightsHash(AdaInModels.Family), Settings), $"made for other weights, settings or int8 version: {howTo}");
        AssertSameCalibration(committed, produced, howTo);
        Assert.That(committed.Equalization?.Keys, Is.EquivalentTo(produced.Equalization!.Keys));
        foreach (var (label, scales) in produced.Equalization!)
            Assert.That(committed.Equalization![label], Is.EqualTo(scales).Within(2).Percent, label);
    }

    /// <summary>
    /// A committed ranges file against the ranges this run's calibration produced: same images, float
    /// layers and gate verdict, and the same ranges up to the last bits that differ between CPUs.
    /// </summary>
    public static void AssertSameCalibration(Int8Ranges committed, Int8Ranges produced, string howTo)
    {
        Assert.That(committed.CalibrationSha256, Is.EqualTo(produced.CalibrationSha256), $"made from other calibration images: {howTo}");
        Assert.That(committed.FloatLayers, Is.EqualTo(produced.FloatLayers));
        Assert.That(committed.Report.Passed);
        Assert.That(committed.Activations.Keys, Is.EquivalentTo(produced.Activations.Keys));
        foreach (var (label, q) in produced.Activations)
        {
            Assert.That(committed.Activations[label].Scale, Is.EqualTo(q.Scale).Within(2).Percent, $"{label}: {howTo}");
            Assert.That((int)committed.Activations[label].ZeroPoint, Is.EqualTo(q.ZeroPoint).Within(2), label);
        }
    }

    [Test]
    public void TheShippedFileIsSmallAndFoundOnlyForItsWeightsAndSettings()
    {
        Assert.That(new FileInfo(CommittedPath).Length, Is.LessThan(256 * 1024));
        var hash = TestEnvironment.Store.WeightsHash(AdaInModels.Family);
        Assert.That(Int8Ranges.Find(LiveStylePaths.Int8RangesDirectory, AdaInInt8Stylizer.RangesKey, hash, Settings), Is.Not.Null);
        Assert.That(Int8Ranges.Find(LiveStylePaths.Int8RangesDirectory, AdaInInt8Stylizer.RangesKey, new string('0', 64), Settings), Is.Null, "other weights");
        Assert.That(Int8Ranges.Find(LiveStylePaths.Int8RangesDirectory, AdaInInt8Stylizer.RangesKey, hash, Settings with { Headroom = 1.5 }), Is.Null, "other settings");
        Assert.Throws<LiveStyleException>(() => AdaInInt8Stylizer.FromRanges(TestEnvironment.Store, Produced(), Settings with { Headroom = 1.5 }));
    }
}
