using NUnit.Framework;

namespace LiveStyle.Train.Tests;

/// <summary>The shared data folder (../shared beside the checkout, or $LIVESTYLE_SHARED) and temporary folders.</summary>
public static class SharedData
{
    private static readonly Lazy<string> RootLazy = new(Find);

    public static string Root => RootLazy.Value;
    public static string WeightsDirectory =>
        Environment.GetEnvironmentVariable("LIVESTYLE_WEIGHTS") is { Length: > 0 } w ? w : Path.Combine(Root, "weights");
    public static string GoldenDirectory => Path.Combine(Root, "fixtures", "golden-128");
    public static string ContentImages => Path.Combine(Root, "images", "content");
    public static string StyleImages => Path.Combine(Root, "images", "style");

    public static float[] Golden(string name)
    {
        var bytes = File.ReadAllBytes(Path.Combine(GoldenDirectory, name));
        var values = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, values, 0, values.Length * 4);
        return values;
    }

    public static string NewTempDirectory()
    {
        var dir = Path.Combine(Path.GetTempPath(), "livestyle-train-test-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static string Find()
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
