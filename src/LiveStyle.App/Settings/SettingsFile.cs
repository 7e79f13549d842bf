using System.Text;
using System.Text.Json;
using LiveStyle.Core;
using LiveStyle.Core.Files;

namespace LiveStyle.App.Settings;

/// <summary>
/// The settings file: read at the start of the live view, written when it closes. A damaged file
/// is reported, kept beside as settings.json.damaged for the user, and replaced: never fatal.
/// </summary>
public sealed class SettingsFile(string path)
{
    public const string FileName = "settings.json";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>settings.json in the platform's config folder.</summary>
    public static SettingsFile Default => new(System.IO.Path.Combine(LiveStylePaths.ConfigDirectory, FileName));

    public string Path { get; } = path;

    /// <summary>Far more than any settings file holds.</summary>
    private const long MaxBytes = 1 << 20;

    /// <summary>The remembered settings; empty when there is no file or it is damaged (said through <paramref name="log"/>).</summary>
    public LiveSettings Load(Action<string> log)
    {
        string text;
        try
        {
            if (!File.Exists(Path)) return new LiveSettings();
            // Only a regular file of sane size: a pipe named settings.json must not block the start.
            text = Encoding.UTF8.GetString(RegularFile.ReadAll(Path, "settings file", MaxBytes, "it cannot be settings; delete it"));
        }
        catch (LiveStyleException e)
        {
            log($"settings: {e.Message}; starting with the defaults");
            return new LiveSettings();
        }
        try
        {
            return JsonSerializer.Deserialize<LiveSettings>(text, Json) ?? throw new JsonException("the file holds null");
        }
        catch (JsonException e)
        {
            var kept = Path + ".damaged";
            try
            {
                File.Move(Path, kept, overwrite: true);
                log($"settings: {Path} is damaged ({e.Message}); starting with the defaults. It was moved to {kept} and will be written anew.");
            }
            catch (Exception moveError) when (moveError is IOException or UnauthorizedAccessException)
            {
                log($"settings: {Path} is damaged ({e.Message}); starting with the defaults (it could not be moved aside: {moveError.Message}).");
            }
            return new LiveSettings();
        }
    }

    /// <summary>Writes the settings through a temporary file, so a crash never leaves half a file; failures are logged, not thrown.</summary>
    public void Save(LiveSettings settings, Action<string> log)
    {
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
            var temporary = Path + ".tmp";
            File.WriteAllText(temporary, JsonSerializer.Serialize(settings, Json));
            File.Move(temporary, Path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log($"settings: cannot save {Path}: {e.Message}");
        }
    }

    /// <summary>Forgets the settings (--reset-settings).</summary>
    public void Delete()
    {
        if (File.Exists(Path)) File.Delete(Path);
    }
}
