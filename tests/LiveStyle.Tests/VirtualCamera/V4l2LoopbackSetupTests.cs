using LiveStyle.Core;
using LiveStyle.Core.Sinks.VirtualCamera;
using NUnit.Framework;

namespace LiveStyle.Tests.VirtualCamera;

/// <summary>The setup advice when no v4l2loopback device exists, read from fake sysfs and module trees.</summary>
public class V4l2LoopbackSetupTests
{
    private const string Release = "6.1.0-test-amd64";
    private string _root = "";

    [SetUp]
    public void SetUp() => _root = TestEnvironment.NewTempDirectory();

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    private string Sys => Path.Combine(_root, "sys");
    private string Modules => Path.Combine(_root, "modules");
    private V4l2LoopbackSetup Setup => new(Sys, Modules, Release);

    private void InstallModule()
    {
        var dir = Path.Combine(Modules, Release, "updates", "dkms");
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, "v4l2loopback.ko.xz"), "");
    }

    private void SecureBoot(byte value)
    {
        var dir = Path.Combine(Sys, "firmware", "efi", "efivars");
        Directory.CreateDirectory(dir);
        File.WriteAllBytes(Path.Combine(dir, "SecureBoot-8be4df61-93ca-11d2-aa0d-e0f76b2c8b8c"), [6, 0, 0, 0, value]);
    }

    [Test]
    public void EveryAdviceHasThePackageTheModprobeLineAndHowToKeepIt()
    {
        var text = Setup.Diagnose();
        Assert.That(text, Does.Contain("v4l2loopback-dkms"));
        Assert.That(text, Does.Contain("sudo modprobe v4l2loopback exclusive_caps=1"));
        Assert.That(text, Does.Contain("/etc/modprobe.d/").And.Contain("options v4l2loopback exclusive_caps=1"));
    }

    [Test]
    public void NoModuleForTheKernelSaysToInstallIt()
    {
        Assert.That(Setup.ModuleInstalled, Is.False);
        Assert.That(Setup.Diagnose(), Does.StartWith("The v4l2loopback module is not installed for the running kernel"));
    }

    [Test]
    public void AnInstalledModuleWithSecureBootOnPointsAtSigning()
    {
        InstallModule();
        SecureBoot(1);
        Assert.That(Setup.ModuleInstalled);
        Assert.That(Setup.SecureBootEnabled, Is.True);
        var text = Setup.Diagnose();
        Assert.That(text, Does.StartWith("The v4l2loopback module is installed but not loaded"));
        Assert.That(text, Does.Contain("Secure Boot is on").And.Contain("Key was rejected by service").And.Contain("mokutil --import"));
    }

    [Test]
    public void SecureBootOffOrUnknownSaysNothingAboutSigning()
    {
        InstallModule();
        Assert.That(Setup.SecureBootEnabled, Is.Null, "no EFI variables");
        Assert.That(Setup.Diagnose(), Does.Not.Contain("Secure Boot"));
        SecureBoot(0);
        Assert.That(Setup.SecureBootEnabled, Is.False);
        Assert.That(Setup.Diagnose(), Does.Not.Contain("Secure Boot"));
    }

    [Test]
    public void ALoadedModuleWithoutDevicesSaysToReloadIt()
    {
        Directory.CreateDirectory(Path.Combine(Sys, "module", "v4l2loopback"));
        Assert.That(Setup.Diagnose(), Does.Contain("loaded but made no device").And.Contain("modprobe -r v4l2loopback"));
    }

    [Test]
    public void OpeningWithoutDevicesReportsTheDiagnosis()
    {
        InstallModule();
        SecureBoot(1);
        var loopback = new V4l2Loopback(Path.Combine(Sys, "class", "video4linux"), Path.Combine(_root, "dev"), setup: Setup);
        var e = Assert.Throws<LiveStyleException>(() => loopback.OpenOutput(null))!;
        Assert.That(e.Message, Does.Contain("No v4l2loopback virtual camera device exists").And.Contain("Secure Boot is on"));
    }
}
