using LiveStyle.Core;
using LiveStyle.Core.Inference;
using NUnit.Framework;

namespace LiveStyle.Tests;

/// <summary>--precision: parsing, and what auto picks (int8 on the CPU, fp32 on DirectML).</summary>
public class PrecisionTests
{
    [TestCase("auto", Precision.Auto)]
    [TestCase("fp32", Precision.Fp32)]
    [TestCase("INT8", Precision.Int8)]
    public void Parses(string text, Precision expected) => Assert.That(PrecisionChoice.Parse(text), Is.EqualTo(expected));

    [Test]
    public void AnUnknownPrecisionNamesTheChoices()
    {
        var error = Assert.Throws<LiveStyleException>(() => PrecisionChoice.Parse("fp16"))!;
        Assert.That(error.Message, Does.Contain("fp16").And.Contain("auto, fp32 or int8"));
    }

    [Test]
    public void AutoIsInt8OnTheCpuAndFp32OnDirectML()
    {
        Assert.That(PrecisionChoice.Resolve(Precision.Auto, ExecutionDevice.Cpu), Is.EqualTo(Precision.Int8));
        Assert.That(PrecisionChoice.Resolve(Precision.Auto, ExecutionDevice.Parse("dml")), Is.EqualTo(Precision.Fp32));
        Assert.That(PrecisionChoice.Resolve(Precision.Auto, ExecutionDevice.Parse("dml:1")), Is.EqualTo(Precision.Fp32));
    }

    [Test]
    public void AutoOnAutoDeviceFollowsWhetherDirectMLCanBeTried()
    {
        var expected = SessionFactory.DirectMLUnavailableReason() is null ? Precision.Fp32 : Precision.Int8;
        Assert.That(PrecisionChoice.Resolve(Precision.Auto, ExecutionDevice.Auto), Is.EqualTo(expected));
        if (!OperatingSystem.IsWindows())
            Assert.That(PrecisionChoice.Resolve(Precision.Auto, ExecutionDevice.Auto), Is.EqualTo(Precision.Int8), "no DirectML off Windows: the CPU, so int8");
    }

    [TestCase(Precision.Fp32)]
    [TestCase(Precision.Int8)]
    public void AnExplicitPrecisionIsKeptOnEveryDevice(Precision precision)
    {
        foreach (var device in new[] { ExecutionDevice.Cpu, ExecutionDevice.Auto, ExecutionDevice.Parse("dml") })
            Assert.That(PrecisionChoice.Resolve(precision, device), Is.EqualTo(precision));
    }
}
