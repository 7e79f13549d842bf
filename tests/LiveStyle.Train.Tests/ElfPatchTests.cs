using LiveStyle.ElfPatch;
using NUnit.Framework;
using TorchSharp;

namespace LiveStyle.Train.Tests;

/// <summary>The build step that lets TorchSharp's native shim load on an older libstdc++.</summary>
public class ElfPatchTests
{
    private const string Version = "GLIBCXX_3.4.32";

    private static string OutputShim =>
        Directory.EnumerateFiles(AppContext.BaseDirectory, "libLibTorchSharp.so", SearchOption.AllDirectories).FirstOrDefault()
        ?? throw new AssertionException("libLibTorchSharp.so is not in the test output");

    [Test]
    public void TorchInitialisesAndComputes()
    {
        using var sum = torch.ones(2).sum();
        Assert.That(sum.item<float>(), Is.EqualTo(2f));
    }

    [Test]
    public void OutputCopyIsWeakExactlyWhenTheSystemLacksTheVersion()
    {
        Assume.That(OperatingSystem.IsLinux(), "ELF only");
        var system = SystemLibrary.Locate("libstdc++.so.6");
        var systemHasIt = system is not null && VersionDefinitions.Read(Elf64File.Read(system)).Contains(Version);
        var need = VersionNeeds.Read(Elf64File.Read(OutputShim)).Single(n => n.Version == Version);
        Assert.That(need.Library, Is.EqualTo("libstdc++.so.6"));
        Assert.That(need.IsWeak, Is.EqualTo(!systemHasIt));
    }

    [Test]
    public void WeakenChangesOnlyTheFlagsOfThatVersion()
    {
        Assume.That(OperatingSystem.IsLinux(), "ELF only");
        var dir = SharedData.NewTempDirectory();
        try
        {
            var copy = Path.Combine(dir, "shim.so");
            var original = Elf64File.Read(OutputShim);
            // Start from a strong requirement, as in the package.
            var needs = VersionNeeds.Read(original);
            var target = needs.Single(n => n.Version == Version);
            original.WriteUInt16(target.FlagsOffset, (ushort)(target.Flags & ~VersionNeed.Weak));
            File.WriteAllBytes(copy, original.Bytes);
            var before = File.ReadAllBytes(copy);

            var message = WeakenCommand.Run(copy, Version, provider: null);
            Assert.That(message, Does.Contain("marked"));
            var after = File.ReadAllBytes(copy);
            var changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToArray();
            Assert.That(changed, Is.EqualTo(new[] { (int)target.FlagsOffset }));

            var reread = VersionNeeds.Read(Elf64File.Read(copy));
            Assert.That(reread.Single(n => n.Version == Version).IsWeak, Is.True);
            Assert.That(reread.Where(n => n.Version != Version).Select(n => n.IsWeak), Is.EqualTo(needs.Where(n => n.Version != Version).Select(n => n.IsWeak)));
            Assert.That(WeakenCommand.Run(copy, Version, provider: null), Does.Contain("already weak"));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Test]
    public void NothingChangesWhenTheProviderDefinesTheVersion()
    {
        Assume.That(OperatingSystem.IsLinux(), "ELF only");
        var system = SystemLibrary.Locate("libstdc++.so.6");
        Assume.That(system, Is.Not.Null);
        var defined = VersionDefinitions.Read(Elf64File.Read(system!));
        Assert.That(defined, Does.Contain("GLIBCXX_3.4"));
        var dir = SharedData.NewTempDirectory();
        try
        {
            var copy = Path.Combine(dir, "shim.so");
            File.Copy(OutputShim, copy);
            var before = File.ReadAllBytes(copy);
            // Pretend the shim needs a version the system has: it is left alone.
            Assert.That(WeakenCommand.Run(copy, defined[^1], system), Does.Contain("left as it is"));
            Assert.That(File.ReadAllBytes(copy), Is.EqualTo(before));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Test]
    public void NotAnElfFileIsAClearError()
    {
        var ex = Assert.Throws<InvalidDataException>(() => Elf64File.Parse("x.so", new byte[100]));
        Assert.That(ex!.Message, Does.Contain("not an ELF file"));
    }
}
