namespace LiveStyle.Core;

/// <summary>
/// Where LiveStyle keeps its models: the folder holding LiveStyle.sln when running from a
/// checkout (found by walking up from the executable), else the executable's folder.
/// $LIVESTYLE_MODELS overrides the models folder.
/// </summary>
public static class LiveStyleHome
{
    public const string ModelsEnvironmentVariable = "LIVESTYLE_MODELS";

    public static string Root { get; } = FindRoot();

    public static string ModelsDirectory =>
        Environment.GetEnvironmentVariable(ModelsEnvironmentVariable) is { Length: > 0 } overridden
            ? overridden
            : Path.Combine(Root, "models");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LiveStyle.sln"))) return dir.FullName;
        }
        return AppContext.BaseDirectory;
    }
}
