using LiveStyle.Core.Networks.AdaIn;
using LiveStyle.Core;
using LiveStyle.Core.Models;
using LiveStyle.Core.Networks.MicroAst;
using LiveStyle.Core.Quantization;
using NUnit.Framework;

namespace LiveStyle.Tests.MicroAst;

/// <summary>
/// The fast stylizer's shipped int8 calibration ranges, as AdaIN's (<see cref="Int8RangesTests"/>): they
/// rebuild the calibrated model without the images, and the committed file is what the calibration gives.
/// </summary>
public class MicroAstInt8RangesTests
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
        Path.Combine(LiveStylePaths.Int8RangesDirectory, Int8Ranges.FileName(MicroAstQuantization.RangesKey, TestEnvironment.Store.WeightsHash(MicroAstModels.Family)));

    [Test]
    public void TheRangesAloneRebuildTheCalibratedModelExactly()
    {
        var produced = Produced();
        Int8RangesTests.AssertRebuildsExactly(store => MicroAstQuantization.FromRanges(store, produced, Settings), Built.Value);
        Assert.Throws<LiveStyleException>(() => MicroAstQuantization.FromRanges(TestEnvironment.Store, produced, Settings with { Headroom = 1.5 }), "other settings");
    }

    [Test]
    public void TheCommittedRangesAreWhatTheCalibrationGivesOnTheSharedImages()
    {
        var committed = Int8Ranges.TryRead(CommittedPath);
        const string howTo = "regenerate it with `livestyle int8-ranges` (writes models/int8) and commit it";
        Assert.That(committed, Is.Not.Null, $"{CommittedPath} is missing: {howTo}");
        Assert.That(new FileInfo(CommittedPath).Length, Is.LessThan(64 * 1024));
        var produced = Produced();
        Assert.That(committed!.Fits(MicroAstQuantization.RangesKey, TestEnvironment.Store.WeightsHash(MicroAstModels.Family), Settings), $"made for other weights, settings or int8 version: {howTo}");
        Assert.That(committed.Fits(AdaInInt8Stylizer.RangesKey, TestEnvironment.Store.WeightsHash(MicroAstModels.Family), Settings), Is.False, "AdaIN's int8 build does not take them");
        Int8RangesTests.AssertSameCalibration(committed, produced, howTo);
    }
}
