using NUnit.Framework;

namespace LiveStyle.Tests.Live;

public class DevicesCommandTests
{
    [Test]
    public void ListsCamerasAndExecutionProviders()
    {
        var result = CliRunner.Run("devices");
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Output, Does.Contain("cameras:").And.Contain("execution providers:").And.Contain("CPUExecutionProvider"));
        if (!File.Exists("/dev/video0"))
            Assert.That(result.Output, Does.Contain("none (the live view falls back to the test pattern"));
    }
}
