using System.Text.Json;
using LiveStyle.Core;

namespace LiveStyle.Train.Training;

/// <summary>RUN_DIR/run.json: the options a run was started with, to spot changed settings on resume.</summary>
public static class RunSettings
{
    public const string FileName = "run.json";
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Write(string runDirectory, TrainOptions options)
    {
        var path = Path.Combine(runDirectory, FileName);
        try { File.WriteAllText(path, JsonSerializer.Serialize(options, Indented)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LiveStyleException($"cannot write {path}: {e.Message}", e);
        }
    }

    /// <summary>Lines naming each training setting that differs from the stored run (none when it cannot be read).</summary>
    public static IEnumerable<string> Changes(string runDirectory, TrainOptions now)
    {
        TrainOptions? before;
        try { before = JsonSerializer.Deserialize<TrainOptions>(File.ReadAllText(Path.Combine(runDirectory, FileName))); }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException) { yield break; }
        if (before is null) yield break;
        (string Name, object A, object B)[] settings =
        [
            ("--batch", before.Batch, now.Batch), ("--crop", before.Crop, now.Crop), ("--image-size", before.ImageSize, now.ImageSize),
            ("--lr", before.LearningRate, now.LearningRate), ("--lr-decay", before.LearningRateDecay, now.LearningRateDecay),
            ("--style-weight", before.StyleWeight, now.StyleWeight), ("--content-weight", before.ContentWeight, now.ContentWeight),
            ("--seed", before.Seed, now.Seed), ("--content", before.ContentDirectory, now.ContentDirectory), ("--style", before.StyleDirectory, now.StyleDirectory),
        ];
        foreach (var (name, a, b) in settings)
            if (!a.Equals(b)) yield return $"note: {name} was {a} in this run, continuing with {b}";
    }
}
