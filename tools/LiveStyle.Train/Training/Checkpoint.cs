using System.Text.Json;
using LiveStyle.Core;
using LiveStyle.Core.Weights;
using LiveStyle.Train.Networks;
using TorchSharp;

namespace LiveStyle.Train.Training;

/// <summary>
/// RUN_DIR/checkpoint/: decoder.safetensors, optimizer.bin (Adam's moments, TorchSharp's format)
/// and state.json. A new checkpoint is written to checkpoint.new/ and swapped in by renames
/// (checkpoint → checkpoint.old, checkpoint.new → checkpoint, then checkpoint.old is deleted),
/// so an interrupted write never loses the previous one: <see cref="Locate"/> falls back to
/// checkpoint.old when the swap was cut short.
/// </summary>
public static class Checkpoint
{
    public const string FolderName = "checkpoint";
    public const string DecoderFile = "decoder.safetensors";
    private const string OptimizerFile = "optimizer.bin";
    private const string StateFile = "state.json";

    public static void Save(string runDirectory, AdaInDecoder decoder, torch.optim.Optimizer optimizer, CheckpointState state)
    {
        var final = Path.Combine(runDirectory, FolderName);
        var fresh = final + ".new";
        var old = final + ".old";
        try
        {
            if (Directory.Exists(fresh)) Directory.Delete(fresh, recursive: true);
            Directory.CreateDirectory(fresh);
            SafetensorsFile.Write(Path.Combine(fresh, DecoderFile), decoder.Weights(),
                new Dictionary<string, string> { ["livestyle.iteration"] = state.Iteration.ToString() });
            using (var stream = File.Create(Path.Combine(fresh, OptimizerFile)))
            using (var writer = new BinaryWriter(stream))
                ((TorchSharp.Modules.OptimizerHelper)optimizer).save_state_dict(writer);
            File.WriteAllText(Path.Combine(fresh, StateFile), JsonSerializer.Serialize(state));

            if (Directory.Exists(final))
            {
                if (Directory.Exists(old)) Directory.Delete(old, recursive: true);
                Directory.Move(final, old);
            }
            Directory.Move(fresh, final);
            if (Directory.Exists(old)) Directory.Delete(old, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LiveStyleException($"cannot write the checkpoint in {runDirectory}: {e.Message}", e);
        }
    }

    /// <summary>The newest complete checkpoint folder of a run, or null when it has none.</summary>
    public static string? Locate(string runDirectory)
    {
        foreach (var name in new[] { FolderName, FolderName + ".old" })
        {
            var folder = Path.Combine(runDirectory, name);
            if (File.Exists(Path.Combine(folder, StateFile)) && File.Exists(Path.Combine(folder, DecoderFile))) return folder;
        }
        return null;
    }

    public static CheckpointState ReadState(string folder)
    {
        var path = Path.Combine(folder, StateFile);
        try
        {
            return JsonSerializer.Deserialize<CheckpointState>(File.ReadAllText(path))
                ?? throw new LiveStyleException($"checkpoint state {path} is empty");
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            throw new LiveStyleException($"checkpoint state {path} is corrupt or unreadable ({e.Message}); resume from a copy or start a new run", e);
        }
    }

    /// <summary>Restores the decoder and optimizer of a checkpoint folder; returns its state.</summary>
    public static CheckpointState Load(string folder, AdaInDecoder decoder, torch.optim.Optimizer optimizer)
    {
        var state = ReadState(folder);
        var decoderPath = Path.Combine(folder, DecoderFile);
        decoder.Load(SafetensorsFile.Read(decoderPath), decoderPath);
        var optimizerPath = Path.Combine(folder, OptimizerFile);
        try
        {
            using var stream = File.OpenRead(optimizerPath);
            using var reader = new BinaryReader(stream);
            ((TorchSharp.Modules.OptimizerHelper)optimizer).load_state_dict(reader);
        }
        catch (Exception e) when (e is not LiveStyleException)
        {
            throw new LiveStyleException($"optimizer state {optimizerPath} is missing or corrupt ({e.Message}); resume from a copy or start a new run", e);
        }
        return state;
    }
}
