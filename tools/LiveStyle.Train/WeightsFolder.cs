using LiveStyle.Core.Networks.AdaIn;
using LiveStyle.Core;
using LiveStyle.Core.Weights;

namespace LiveStyle.Train;

/// <summary>Writes the safetensors pair LiveStyle's --weights DIR reads, atomically, and checks it loads.</summary>
public static class WeightsFolder
{
    public static AdaInWeights Write(string directory, IEnumerable<WeightTensor> encoder, IEnumerable<WeightTensor> decoder,
        IReadOnlyDictionary<string, string> metadata)
    {
        try
        {
            Directory.CreateDirectory(directory);
            WriteAtomically(Path.Combine(directory, AdaInWeights.EncoderFileName), encoder, metadata);
            WriteAtomically(Path.Combine(directory, AdaInWeights.DecoderFileName), decoder, metadata);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LiveStyleException($"cannot write the weights to {directory}: {e.Message}", e);
        }
        return AdaInWeights.Load(directory);
    }

    private static void WriteAtomically(string path, IEnumerable<WeightTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        SafetensorsFile.Write(temporary, tensors, metadata);
        File.Move(temporary, path, overwrite: true);
    }
}
