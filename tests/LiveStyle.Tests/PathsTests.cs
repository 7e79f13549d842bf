using LiveStyle.Core.Networks.AdaIn;
using LiveStyle.Core;
using LiveStyle.Core.Weights;
using NUnit.Framework;

namespace LiveStyle.Tests;

/// <summary>Where each kind of file goes, from the environment this test run gives itself (see <see cref="TestRunCleanup"/>).</summary>
[NonParallelizable]
public class PathsTests
{
    private static string User(string folder) => Path.Combine(TestEnvironment.UserDirectories, folder);

    [Test]
    public void EachKindOfFileHasItsOwnFolder()
    {
        Assert.That(LiveStylePaths.ConfigDirectory, Is.EqualTo(Path.Combine(User("config"), "livestyle")));
        Assert.That(LiveStylePaths.DataDirectory, Is.EqualTo(Path.Combine(User("data"), "livestyle")));
        Assert.That(LiveStylePaths.WeightsDirectory, Is.EqualTo(Path.Combine(User("data"), "livestyle", "weights")));
        Assert.That(LiveStylePaths.RecordingsDirectory, Is.EqualTo(Path.Combine(User("Videos"), "LiveStyle")));
        Assert.That(LiveStylePaths.SnapshotsDirectory, Is.EqualTo(Path.Combine(User("Pictures"), "LiveStyle")));
        Assert.That(LiveStylePaths.CacheDirectory, Is.EqualTo(TestEnvironment.ModelsDirectory), "$LIVESTYLE_MODELS still overrides the cache");
        Assert.That(LiveStylePaths.StylesDirectory, Is.EqualTo(Path.Combine(TestEnvironment.RepositoryRoot, "models", "styles")), "shipped assets come from the checkout");
        Assert.That(File.Exists(Path.Combine(LiveStylePaths.ShadersDirectory, "present.frag")));
    }

    [Test]
    public void TheCacheFollowsXdgWithoutTheOverrideAndTheStylesDoNotMoveWithIt()
    {
        var models = Environment.GetEnvironmentVariable(LiveStyleHome.ModelsEnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(LiveStyleHome.ModelsEnvironmentVariable, null);
            Assert.That(LiveStylePaths.CacheDirectory, Is.EqualTo(Path.Combine(User("cache"), "livestyle")));
            Environment.SetEnvironmentVariable(LiveStyleHome.ModelsEnvironmentVariable, Path.Combine(TestEnvironment.UserDirectories, "elsewhere"));
            Assert.That(LiveStylePaths.StylesDirectory, Is.EqualTo(Path.Combine(TestEnvironment.RepositoryRoot, "models", "styles")));
        }
        finally
        {
            Environment.SetEnvironmentVariable(LiveStyleHome.ModelsEnvironmentVariable, models);
        }
    }

    [Test]
    public void UserDirsDirsNamesTheVideosFolderWhenTheVariableIsUnset()
    {
        var videos = Environment.GetEnvironmentVariable("XDG_VIDEOS_DIR");
        var config = User("config");
        Directory.CreateDirectory(config);
        var file = Path.Combine(config, "user-dirs.dirs");
        try
        {
            Environment.SetEnvironmentVariable("XDG_VIDEOS_DIR", null);
            File.WriteAllText(file, "# written by xdg-user-dirs-update\nXDG_VIDEOS_DIR=\"$HOME/Vidéos\"\n");
            var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            Assert.That(LiveStylePaths.RecordingsDirectory, Is.EqualTo(Path.Combine(home, "Vidéos", "LiveStyle")));
        }
        finally
        {
            File.Delete(file);
            Environment.SetEnvironmentVariable("XDG_VIDEOS_DIR", videos);
        }
    }

    [Test]
    public void PathsPrintsEveryFolder()
    {
        var result = CliRunner.Run("--paths");
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        foreach (var (_, directory) in LiveStylePaths.All)
            Assert.That(result.Output, Does.Contain(directory));
        Assert.That(result.Output, Does.Contain("settings:").And.Contain("recordings:").And.Contain("models and caches:"));
    }

    [Test]
    public void MissingWeightsSayHowToGetThem()
    {
        var weights = Environment.GetEnvironmentVariable(AdaInWeights.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(AdaInWeights.EnvironmentVariable, null);
            if (File.Exists(Path.Combine(TestEnvironment.RepositoryRoot, "models", "weights", AdaInWeights.EncoderFileName)))
                Assert.Ignore("this checkout has weights in models/weights");
            var e = Assert.Throws<LiveStyleException>(() => AdaInWeights.LocateDirectory(null))!;
            Assert.That(e.Message, Does.Contain("vgg_normalised.pth").And.Contain("decoder.pth").And.Contain("livestyle weights")
                .And.Contain(LiveStylePaths.WeightsDirectory).And.Contain("--weights DIR"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(AdaInWeights.EnvironmentVariable, weights);
        }
    }
}
