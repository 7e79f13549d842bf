using LiveStyle.Core.Inference;
using LiveStyle.Core.Models;
using LiveStyle.Core.Networks;
using LiveStyle.Core.Networks.AdaIn;
using LiveStyle.Core.Networks.MicroAst;
using LiveStyle.Core.Quantization;
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

    /// <summary>
    /// This run's stand-in for the user's home folders (config, cache, data, videos, pictures): the
    /// app and its child processes never touch the machine's real ~/.config or ~/.cache.
    /// </summary>
    public static string UserDirectories { get; } = Path.Combine(Path.GetTempPath(), $"livestyle-test-home-{Environment.ProcessId}");

    private static readonly Lazy<string> SharedLazy = new(FindShared);
    private static readonly Lazy<ModelStore> StoreLazy = new(() => new ModelStore(WeightsDirectory, ModelsDirectory));
    private static readonly Lazy<AdaInStylizer> StylizerLazy = new(() => new AdaInStylizer(Store.GetOrBuild(AdaInModel.Stylizer), ExecutionDevice.Cpu));
    private static readonly Lazy<AdaInStyleEncoder> StyleEncoderLazy = new(() => new AdaInStyleEncoder(Store.GetOrBuild(AdaInModel.StyleEncoder), ExecutionDevice.Cpu));
    private static readonly Lazy<IStyleNetwork> AdaInLazy = new(() =>
        new AdaInStyleNetwork(StyleEncoder, Store.GetOrBuild(AdaInModel.StyleEncoder), Stylizer, Precision.Fp32, "fp32"));
    private static readonly Lazy<IStyleNetwork> MicroAstLazy = new(() => MicroAstStyleNetwork.Open(Store, Precision.Fp32, ExecutionDevice.Cpu, new CalibrationOptions(), _ => { }));
    private static readonly Lazy<Int8StylizerResult> MicroAstInt8Lazy = new(() => MicroAstQuantization.GetOrBuild(Store, Calibration));
    private static readonly Lazy<(Int8StylizerResult Result, IReadOnlyList<string> Log, TimeSpan Time)> Int8Lazy = new(BuildInt8);

    public static string SharedDirectory => SharedLazy.Value;
    public static string WeightsDirectory =>
        Environment.GetEnvironmentVariable("LIVESTYLE_WEIGHTS") is { Length: > 0 } w ? w : Path.Combine(SharedDirectory, "weights");
    public static string GoldenDirectory => Path.Combine(SharedDirectory, "fixtures", "golden-128");
    public static string ContentImages => Path.Combine(SharedDirectory, "images", "content");
    public static string StyleImages => Path.Combine(SharedDirectory, "images", "style");
    public static CalibrationSet Calibration => CalibrationSet.Open(ContentImages, StyleImages);

    public static ModelStore Store => StoreLazy.Value;

    /// <summary>The checkout (the folder holding LiveStyle.sln).</summary>
    public static string RepositoryRoot => LiveStyle.Core.LiveStyleHome.Root;
    public static AdaInStylizer Stylizer => StylizerLazy.Value;
    public static AdaInStyleEncoder StyleEncoder => StyleEncoderLazy.Value;
    /// <summary>The fp32 AdaIN network behind the network contract (sharing <see cref="Stylizer"/> and <see cref="StyleEncoder"/>).</summary>
    public static IStyleNetwork AdaIn => AdaInLazy.Value;
    /// <summary>The fp32 fast network (MicroAST) from this run's store.</summary>
    public static IStyleNetwork MicroAst => MicroAstLazy.Value;
    public static IStyleNetwork Network(StyleNetworkKind kind) => kind == StyleNetworkKind.AdaIn ? AdaIn : MicroAst;

    /// <summary>
    /// The int8 stylizer with the default settings, calibrated on the shared images: built once
    /// per test run (it is what `--precision auto` picks on the CPU, so the command-line tests use
    /// the same cached model), with its build log and time.
    /// </summary>
    public static (Int8StylizerResult Result, IReadOnlyList<string> Log, TimeSpan Time) Int8 => Int8Lazy.Value;

    /// <summary>
    /// Builds both networks' int8 stylizers (what `--precision auto` picks on the CPU: the live view
    /// runs the fast one by default, `stylize` AdaIN's) before a child process needs them, so its
    /// start is not slowed by a build.
    /// </summary>
    public static void EnsureInt8Built()
    {
        _ = Int8Lazy.Value;
        _ = MicroAstInt8Lazy.Value;
    }

    public static string NewTempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "livestyle-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static (Int8StylizerResult, IReadOnlyList<string>, TimeSpan) BuildInt8()
    {
        var log = new List<string>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = AdaInInt8Stylizer.GetOrBuild(Store, Calibration, QuantizationSettings.Default, log.Add);
        TestContext.Progress.WriteLine($"int8 stylizer built for this test run in {clock.Elapsed.TotalSeconds:F0} s: {result.Report.Summary()}");
        return (result, log, clock.Elapsed);
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
    /// <summary>The CLI under test finds the weights, this run's models and the calibration images through the environment.</summary>
    [OneTimeSetUp]
    public void PointTheAppAtTestData()
    {
        Environment.SetEnvironmentVariable("LIVESTYLE_WEIGHTS", TestEnvironment.WeightsDirectory);
        Environment.SetEnvironmentVariable(LiveStyle.Core.LiveStyleHome.ModelsEnvironmentVariable, TestEnvironment.ModelsDirectory);
        Environment.SetEnvironmentVariable(CalibrationSet.ContentEnvironmentVariable, TestEnvironment.ContentImages);
        Environment.SetEnvironmentVariable(CalibrationSet.StyleEnvironmentVariable, TestEnvironment.StyleImages);
        foreach (var (variable, folder) in UserFolders)
            Environment.SetEnvironmentVariable(variable, Path.Combine(TestEnvironment.UserDirectories, folder));
    }

    /// <summary>The XDG variables LiveStylePaths reads, each pointed into this run's own folder.</summary>
    public static readonly (string Variable, string Folder)[] UserFolders =
    [
        ("XDG_CONFIG_HOME", "config"), ("XDG_CACHE_HOME", "cache"), ("XDG_DATA_HOME", "data"),
        ("XDG_VIDEOS_DIR", "Videos"), ("XDG_PICTURES_DIR", "Pictures"),
    ];

    [OneTimeTearDown]
    public void DeleteBuiltModels()
    {
        if (Directory.Exists(TestEnvironment.ModelsDirectory)) Directory.Delete(TestEnvironment.ModelsDirectory, recursive: true);
        if (Directory.Exists(TestEnvironment.UserDirectories)) Directory.Delete(TestEnvironment.UserDirectories, recursive: true);
    }
}
