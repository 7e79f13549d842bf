namespace LiveStyle.Core;

/// <summary>
/// The LiveStyle checkout (the folder holding LiveStyle.sln, found by walking up from the
/// executable) or, for a published app, the executable's folder; and the models (cache) folder,
/// which <see cref="LiveStylePaths.CacheDirectory"/> decides ($LIVESTYLE_MODELS overrides it).
/// </summary>
public static class LiveStyleHome
{
    public const string ModelsEnvironmentVariable = "LIVESTYLE_MODELS";

    public static string Root { get; } = FindRoot();

    /// <summary>Whether this runs from a source checkout (then shipped assets are read from it).</summary>
    public static bool IsCheckout => File.Exists(Path.Combine(Root, "LiveStyle.sln"));

    /// <summary>Where generated models and caches go: $LIVESTYLE_MODELS, else the user cache folder.</summary>
    public static string ModelsDirectory => LiveStylePaths.CacheDirectory;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LiveStyle.sln"))) return dir.FullName;
        }
        return AppContext.BaseDirectory;
    }
}
