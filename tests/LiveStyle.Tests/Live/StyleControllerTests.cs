using System.Diagnostics;
using LiveStyle.Core.Styling;
using NUnit.Framework;

namespace LiveStyle.Tests.Live;

public class StyleControllerTests
{
    private static StyleEntry Entry(string name, float value) =>
        new(name, name + ".png", new StyleSignals([.. Enumerable.Repeat(value, 512), .. Enumerable.Repeat(value * 2, 512)]));

    private static readonly IReadOnlyList<StyleEntry> Three = [Entry("a", 1), Entry("b", 3), Entry("c", 5)];
    private readonly StyleSignals _into = StyleSignals.Zero(1024);

    [Test]
    public void SwitchingCrossFadesTheStatistics()
    {
        var controller = new StyleController(() => Three, crossFade: TimeSpan.FromSeconds(0.5));
        var start = Stopwatch.GetTimestamp();
        controller.Compute(start, _into);
        Assert.That(_into.Values[0], Is.EqualTo(1f));

        controller.Next();
        var switched = Stopwatch.GetTimestamp();
        controller.Compute(switched + Stopwatch.Frequency / 4, _into);   // half-way through the fade
        Assert.That(_into.Values[0], Is.EqualTo(2f).Within(0.2f));
        Assert.That(_into.Values[512], Is.EqualTo(4f).Within(0.4f));
        controller.Compute(switched + Stopwatch.Frequency, _into);       // after it
        Assert.That(_into.Values[0], Is.EqualTo(3f));
        Assert.That(controller.Description, Is.EqualTo("b"));
    }

    [Test]
    public void IndexWrapsAndJumps()
    {
        var controller = new StyleController(() => Three, crossFade: TimeSpan.Zero);
        controller.Previous();
        Assert.That(controller.Description, Is.EqualTo("c"));
        controller.Jump(1);
        Assert.That(controller.Description, Is.EqualTo("b"));
        controller.Jump(9);
        Assert.That(controller.Description, Is.EqualTo("b"), "a key past the end changes nothing");
    }

    [Test]
    public void MixBlendsTheCurrentAndNextStyle()
    {
        var controller = new StyleController(() => Three, crossFade: TimeSpan.Zero);
        controller.ToggleMix();
        controller.AdjustMixWeight(0.25f);   // 0.5 → 0.75 towards "b"
        controller.Compute(Stopwatch.GetTimestamp(), _into);
        Assert.That(_into.Values[0], Is.EqualTo(1f * 0.25f + 3f * 0.75f).Within(1e-5));
        Assert.That(controller.Description, Is.EqualTo("a 25% + b 75%"));
    }

    [Test]
    public void AlphaStaysInRange()
    {
        var controller = new StyleController(() => Three, alpha: 0.9f);
        controller.AdjustAlpha(0.05f);
        controller.AdjustAlpha(0.05f);
        Assert.That(controller.Compute(Stopwatch.GetTimestamp(), _into), Is.EqualTo(1f));
        for (var i = 0; i < 30; i++) controller.AdjustAlpha(-0.05f);
        Assert.That(controller.Alpha, Is.EqualTo(0f));
    }

    [Test]
    public void EmptyBankGivesNothingToStyleWith() =>
        Assert.That(new StyleController(() => []).Compute(Stopwatch.GetTimestamp(), _into), Is.Null);
}
