using System.Diagnostics;
using LiveStyle.Core.Pipeline;
using NUnit.Framework;

namespace LiveStyle.Tests.Sources;

/// <summary>The warning for a camera that delivers far less than it granted, fed with frame times (no clock involved).</summary>
public class CaptureRateCheckTests
{
    /// <summary>Feeds frames at <paramref name="fps"/> for <paramref name="seconds"/>; returns the warnings given.</summary>
    private static List<string> Feed(CaptureRateCheck check, double fps, double seconds)
    {
        var warnings = new List<string>();
        var start = Stopwatch.Frequency * 100L;
        for (var i = 0; i < fps * seconds; i++)
            if (check.Frame(start + (long)(i * Stopwatch.Frequency / fps)) is { } warning) warnings.Add(warning);
        return warnings;
    }

    [Test]
    public void ACameraFarBelowItsRateIsWarnedAboutOnce()
    {
        var warnings = Feed(new CaptureRateCheck("camera \"C920\"", 30), 7, 20);
        Assert.That(warnings, Has.Count.EqualTo(1));
        Assert.That(warnings[0], Does.StartWith("camera \"C920\" delivers only 7.0 fps of the 30 it granted").And.Contain("light"));
    }

    [TestCase(30)]
    [TestCase(25)]
    [TestCase(20)]
    public void ACameraNearItsRateIsNot(double fps) => Assert.That(Feed(new CaptureRateCheck("camera", 30), fps, 20), Is.Empty);

    [Test]
    public void AnUnknownRateIsNotJudged() => Assert.That(Feed(new CaptureRateCheck("camera", 0), 2, 20), Is.Empty);
}
