using LiveStyle.App.Live;
using LiveStyle.Core.Inference;
using LiveStyle.Core.Networks;
using LiveStyle.Tests.Live;
using NUnit.Framework;

namespace LiveStyle.Tests.Networks;

/// <summary>Which network and size the live view starts with.</summary>
public class LiveNetworkDefaultsTests
{
    [Test]
    public void TheLiveViewRunsTheFastNetworkOnTheCpuByDefault()
    {
        using var app = AppProcess.Start(new Dictionary<string, string?> { ["DISPLAY"] = null }, "--headless", "--source", "pattern",
            "--style-size", "128", "--styles", Path.Combine(TestEnvironment.RepositoryRoot, "models", "styles"), "--duration", "3");
        Assert.That(app.WaitForExit(TimeSpan.FromSeconds(90)), Is.EqualTo(0), app.Log);
        Assert.That(app.Log, Does.Contain("network: fast int8 on CPU").And.Contain("at --size 360").And.Contain("stylizing at 640x360 with fast"));
        Assert.That(app.Log, Does.Match(@"stopped after [\d.]+ s: [1-9]\d* frames stylized"));
    }

    [Test]
    public void DefaultsFollowTheDeviceAndTheNetwork()
    {
        var cpu = LiveOptions.Parse(["--device", "cpu"]);
        Assert.That(cpu.StartNetwork, Is.EqualTo(StyleNetworkKind.MicroAst));
        Assert.That(StyleNetworkChoice.LiveDefault(new ExecutionDevice(DeviceKind.DirectML)), Is.EqualTo(StyleNetworkKind.AdaIn));
        Assert.That(cpu.SizeFor(StyleNetworkKind.MicroAst).ToString(), Is.EqualTo("360"));
        Assert.That(cpu.SizeFor(StyleNetworkKind.AdaIn).ToString(), Is.EqualTo("256"));

        var chosen = LiveOptions.Parse(["--network", "adain", "--size", "640x360"]);
        Assert.That(chosen.StartNetwork, Is.EqualTo(StyleNetworkKind.AdaIn));
        Assert.That(chosen.SizeFor(StyleNetworkKind.MicroAst).ToString(), Is.EqualTo("640x360"), "--size applies to both networks");
    }
}
