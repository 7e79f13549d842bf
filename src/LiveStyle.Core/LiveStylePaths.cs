namespace LiveStyle.Core;

/// <summary>
/// Where LiveStyle's files go, by kind, each overridable:
/// shipped assets (styles, shaders) beside the executable, or in the checkout when run from one;
/// caches (ONNX models, int8 builds, style statistics) in the user cache folder ($LIVESTYLE_MODELS,
/// else $XDG_CACHE_HOME/livestyle or ~/.cache/livestyle; %LOCALAPPDATA%\LiveStyle\cache on Windows);
/// settings in the config folder ($XDG_CONFIG_HOME/livestyle or ~/.config/livestyle; %APPDATA%\LiveStyle);
/// converted weights in the data folder ($XDG_DATA_HOME/livestyle or ~/.local/share/livestyle; %LOCALAPPDATA%\LiveStyle);
/// recordings and snapshots in the user's videos and pictures folders (XDG user dirs), in a LiveStyle folder.
/// Every value is read from the environment when asked, so a test process can give itself its own folders.
/// </summary>
public static class LiveStylePaths
{
    public const string AppFolder = "livestyle";
    public const string WindowsAppFolder = "LiveStyle";
    public const string OutputFolder = "LiveStyle";

    /// <summary>The shipped style images: models/styles in a checkout, else styles/ beside the executable.</summary>
    public static string StylesDirectory => LiveStyleHome.IsCheckout
        ? Path.Combine(LiveStyleHome.Root, "models", "styles")
        : Path.Combine(AppContext.BaseDirectory, "styles");

    /// <summary>The shipped int8 calibration ranges (models/int8 in a checkout, int8/ beside the executable).</summary>
    public static string Int8RangesDirectory => LiveStyleHome.IsCheckout
        ? Path.Combine(LiveStyleHome.Root, "models", "int8")
        : Path.Combine(AppContext.BaseDirectory, "int8");

    /// <summary>The GLSL shaders, copied beside the executable by the build and by publish.</summary>
    public static string ShadersDirectory => Path.Combine(AppContext.BaseDirectory, "shaders");

    /// <summary>Generated models, int8 builds and style statistics: safe to delete, rebuilt on use.</summary>
    public static string CacheDirectory =>
        Environment.GetEnvironmentVariable(LiveStyleHome.ModelsEnvironmentVariable) is { Length: > 0 } overridden ? overridden
        : OperatingSystem.IsWindows() ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), WindowsAppFolder, "cache")
        : Path.Combine(Xdg("XDG_CACHE_HOME", ".cache"), AppFolder);

    /// <summary>The settings file's folder.</summary>
    public static string ConfigDirectory =>
        OperatingSystem.IsWindows() ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), WindowsAppFolder)
        : Path.Combine(Xdg("XDG_CONFIG_HOME", ".config"), AppFolder);

    /// <summary>User data that is not a cache: the converted weights (`livestyle weights` puts them here).</summary>
    public static string DataDirectory =>
        OperatingSystem.IsWindows() ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), WindowsAppFolder)
        : Path.Combine(Xdg("XDG_DATA_HOME", Path.Combine(".local", "share")), AppFolder);

    /// <summary>The weights folder every command falls back to.</summary>
    public static string WeightsDirectory => Path.Combine(DataDirectory, "weights");

    /// <summary>Where R saves recordings by default: the videos folder's LiveStyle folder.</summary>
    public static string RecordingsDirectory => Path.Combine(
        OperatingSystem.IsWindows() ? Environment.GetFolderPath(Environment.SpecialFolder.MyVideos) : XdgUserDirectory("VIDEOS", "Videos"),
        OutputFolder);

    /// <summary>Where P saves snapshots by default: the pictures folder's LiveStyle folder.</summary>
    public static string SnapshotsDirectory => Path.Combine(
        OperatingSystem.IsWindows() ? Environment.GetFolderPath(Environment.SpecialFolder.MyPictures) : XdgUserDirectory("PICTURES", "Pictures"),
        OutputFolder);

    /// <summary>Each kind of file with its folder, for `livestyle --paths`.</summary>
    public static IReadOnlyList<(string Kind, string Directory)> All =>
    [
        ("styles (shipped)", StylesDirectory),
        ("shaders (shipped)", ShadersDirectory),
        ("int8 ranges (shipped)", Int8RangesDirectory),
        ("models and caches", CacheDirectory),
        ("settings", ConfigDirectory),
        ("weights", WeightsDirectory),
        ("recordings", RecordingsDirectory),
        ("snapshots", SnapshotsDirectory),
    ];

    private static string Home => Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    /// <summary>An XDG base directory: the variable when it holds an absolute path (the spec ignores relative ones), else ~/fallback.</summary>
    private static string Xdg(string variable, string fallback) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value && Path.IsPathRooted(value) ? value : Path.Combine(Home, fallback);

    /// <summary>
    /// An XDG user directory (VIDEOS, PICTURES): $XDG_VIDEOS_DIR, else the line XDG_VIDEOS_DIR="$HOME/…" of
    /// $XDG_CONFIG_HOME/user-dirs.dirs (what xdg-user-dirs writes, in the user's language), else ~/Videos.
    /// </summary>
    private static string XdgUserDirectory(string name, string fallback)
    {
        var key = $"XDG_{name}_DIR";
        if (Environment.GetEnvironmentVariable(key) is { Length: > 0 } fromEnvironment && Path.IsPathRooted(fromEnvironment))
            return fromEnvironment;
        var file = Path.Combine(Xdg("XDG_CONFIG_HOME", ".config"), "user-dirs.dirs");
        try
        {
            if (File.Exists(file))
            {
                foreach (var line in File.ReadLines(file))
                {
                    var text = line.Trim();
                    if (!text.StartsWith(key + "=", StringComparison.Ordinal)) continue;
                    var value = text[(key.Length + 1)..].Trim('"').Replace("$HOME", Home, StringComparison.Ordinal);
                    if (Path.IsPathRooted(value) && value.TrimEnd('/') != Home.TrimEnd('/')) return value;
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Unreadable: use the usual folder.
        }
        return Path.Combine(Home, fallback);
    }
}
