using LiveStyle.Core;
using LiveStyle.Core.Sinks.Stream;
using LiveStyle.Core.Styling;
using LiveStyle.Core.Weights;
using LiveStyle.Core.Weights.PyTorch;
using NUnit.Framework;

namespace LiveStyle.Tests.HostileFiles;

/// <summary>
/// Every input the fuzzers (tools/fuzz.sh) found to escape a reader's clear errors, kept in
/// FuzzFindings/TARGET/: each must now be read or refused with a <see cref="LiveStyleException"/>.
/// </summary>
public class FuzzFindingsTests
{
    private static string Folder(string target) =>
        Path.Combine(TestEnvironment.RepositoryRoot, "tests", "LiveStyle.Tests", "HostileFiles", "FuzzFindings", target);

    private static IEnumerable<string> Findings(string target) =>
        Directory.Exists(Folder(target)) ? Directory.GetFiles(Folder(target)).Order(StringComparer.Ordinal) : [];

    [Test]
    public void SafetensorsFindings()
    {
        Assert.That(Findings("safetensors"), Is.Not.Empty);
        foreach (var file in Findings("safetensors"))
            Assert.That(() => { try { SafetensorsFile.Read(file); } catch (LiveStyleException) { } }, Throws.Nothing, file);
    }

    [Test]
    public void PyTorchFindings()
    {
        foreach (var file in Findings("pytorch"))
            Assert.That(() => { try { PyTorchCheckpoint.Read(file); } catch (LiveStyleException) { } }, Throws.Nothing, file);
    }

    [Test]
    public void HttpFindings()
    {
        foreach (var file in Findings("http"))
            Assert.That(() => HttpRequestHead.TryParse(System.Text.Encoding.Latin1.GetString(File.ReadAllBytes(file)), out _, out _), Throws.Nothing, file);
    }

    [Test]
    public void StyleCacheFindings()
    {
        foreach (var file in Findings("stylecache"))
            Assert.That(() => StyleSignalsCache.Parse(File.ReadAllBytes(file), 1024, out _), Throws.Nothing, file);
    }
}
