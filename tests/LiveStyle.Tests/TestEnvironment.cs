using LiveStyle.Core.Inference;
using LiveStyle.Core.Models;
using NUnit.Framework;

namespace LiveStyle.Tests;

/// <summary>
/// Locates the shared data (../shared beside the checkout, or $LIVESTYLE_SHARED) and builds the
/// models once per test run into a private folder, so every test uses real weights and real sessions.
/// </summary>
public static class TestEnvironment
{
    /// <summary>Models built by this test run (a fresh folder, so the build path is exercised every run).</summary>
    public static string ModelsDirectory { get; } = Path.Combine(Path.GetTempPath(), $"livestyle-test-models-{Environment.ProcessId}");

    private static readonly Lazy<string> SharedLazy = new(FindShared);
    private static readonly Lazy<ModelStore> StoreLazy = new(() => new ModelStore(WeightsDirectory, ModelsDirectory));
    private static readonly Lazy<Stylizer> StylizerLazy = new(() => new Stylizer(Store.GetOrBuild(ModelKind.Stylizer), ExecutionDevice.Cpu));
    private static readonly Lazy<StyleEncoder> StyleEncoderLazy = new(() => new StyleEncoder(Store.GetOrBuild(ModelKind.StyleEncoder), ExecutionDevice.Cpu));

    public static string SharedDirectory => SharedLazy.Value;
    public static string WeightsDirectory =>
        Environment.GetEnvironmentVariable("LIVESTYLE_WEIGHTS") is { Length: > 0 } w ? w : Path.Combine(SharedDirectory, "weights");
    public static string GoldenDirectory => Path.Combine(SharedDirectory, "fixtures", "golden-128");
    public static string ContentImages => Path.Combine(SharedDirectory, "images", "content");
    public static string StyleImages => Path.Combine(SharedDirectory, "images", "style");

    public static ModelStore Store => StoreLazy.Value;

    /// <summary>The checkout (the folder holding LiveStyle.sln).</summary>
    public static string RepositoryRoot => LiveStyle.Core.LiveStyleHome.Root;
    public static Stylizer Stylizer => StylizerLazy.Value;
    public static StyleEncoder StyleEncoder => StyleEncoderLazy.Value;

    public static string NewTempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "livestyle-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string FindShared()
    {
        if (Environment.GetEnvironmentVariable("LIVESTYLE_SHARED") is { Length: > 0 } explicitDir) return explicitDir;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared");
            if (Directory.Exists(Path.Combine(candidate, "weights"))) return candidate;
        }
        Assert.Fail("shared data not found: put the shared folder beside the checkout or set LIVESTYLE_SHARED");
        return "";
    }
}

[SetUpFixture]
public sealed class TestRunCleanup
{
    /// <summary>The CLI under test finds the weights and this run's models through the environment.</summary>
    [OneTimeSetUp]
    public void PointTheAppAtTestData()
    {
        Environment.SetEnvironmentVariable("LIVESTYLE_WEIGHTS", TestEnvironment.WeightsDirectory);
        Environment.SetEnvironmentVariable(LiveStyle.Core.LiveStyleHome.ModelsEnvironmentVariable, TestEnvironment.ModelsDirectory);
    }

    [OneTimeTearDown]
    public void DeleteBuiltModels()
    {
        if (Directory.Exists(TestEnvironment.ModelsDirectory)) Directory.Delete(TestEnvironment.ModelsDirectory, recursive: true);
    }
}
