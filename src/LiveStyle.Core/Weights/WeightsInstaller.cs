using LiveStyle.Core.Networks.AdaIn;
using LiveStyle.Core.Weights.PyTorch;

namespace LiveStyle.Core.Weights;

/// <summary>
/// Puts downloaded official weights where every command finds them (the user data folder's
/// weights/, see <see cref="LiveStylePaths.WeightsDirectory"/>): AdaIN's vgg_normalised.pth and
/// decoder.pth converted to the safetensors pair LiveStyle reads, and the MicroAST files copied
/// into its microast/ folder as they are. Each official file is checked by SHA-256 first; files are
/// written under temporary names and renamed, so a failure leaves no half file.
/// </summary>
public static class WeightsInstaller
{
    /// <summary>Converts an AdaIN encoder and decoder (PyTorch .pth, or safetensors with the same keys) into <paramref name="directory"/>.</summary>
    public static void InstallAdaIn(string vggPath, string decoderPath, string directory, Action<string> log)
    {
        log(OfficialWeights.Verify(vggPath, OfficialWeights.AdaIn));
        log(OfficialWeights.Verify(decoderPath, OfficialWeights.AdaIn));
        var encoder = Select(vggPath, AdaInArchitecture.Encoder);
        var decoder = Select(decoderPath, AdaInArchitecture.Decoder);
        var metadata = new Dictionary<string, string>
        {
            ["livestyle.encoder_source"] = Path.GetFileName(vggPath),
            ["livestyle.decoder_source"] = Path.GetFileName(decoderPath),
        };
        Write(directory, () =>
        {
            WriteAtomically(Path.Combine(directory, AdaInWeights.EncoderFileName), encoder, metadata);
            WriteAtomically(Path.Combine(directory, AdaInWeights.DecoderFileName), decoder, metadata);
        });
        AdaInWeights.Load(directory);
        log($"wrote {AdaInWeights.EncoderFileName} and {AdaInWeights.DecoderFileName} to {directory}");
    }

    /// <summary>Copies the four MicroAST files from <paramref name="sourceDirectory"/> into <paramref name="directory"/>/microast.</summary>
    public static void InstallMicroAst(string sourceDirectory, string directory, Action<string> log)
    {
        var target = Path.Combine(directory, OfficialWeights.MicroAstFolder);
        var missing = OfficialWeights.MicroAst.Keys.Where(name => !File.Exists(Path.Combine(sourceDirectory, name))).ToList();
        if (missing.Count > 0)
            throw new LiveStyleException($"{sourceDirectory} lacks the MicroAST file(s) {string.Join(", ", missing)} (from {OfficialWeights.MicroAstRepository})");
        foreach (var name in OfficialWeights.MicroAst.Keys)
            log(OfficialWeights.Verify(Path.Combine(sourceDirectory, name), OfficialWeights.MicroAst));
        Write(target, () =>
        {
            foreach (var name in OfficialWeights.MicroAst.Keys)
            {
                var temporary = Path.Combine(target, $"{name}.{Guid.NewGuid():N}.tmp");
                File.Copy(Path.Combine(sourceDirectory, name), temporary);
                File.Move(temporary, Path.Combine(target, name), overwrite: true);
            }
        });
        log($"copied the MicroAST weights to {target}");
    }

    private static List<WeightTensor> Select(string path, IReadOnlyList<ConvLayer> layers)
    {
        var tensors = path.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) ? SafetensorsFile.Read(path) : PyTorchCheckpoint.Read(path);
        AdaInWeights.Verify(path, tensors, layers);
        return [.. layers.SelectMany(l => new[] { tensors[l.WeightName], tensors[l.BiasName] })];
    }

    private static void Write(string directory, Action write)
    {
        try
        {
            Directory.CreateDirectory(directory);
            write();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LiveStyleException($"cannot write the weights to {directory}: {e.Message}", e);
        }
    }

    private static void WriteAtomically(string path, IEnumerable<WeightTensor> tensors, IReadOnlyDictionary<string, string> metadata)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        SafetensorsFile.Write(temporary, tensors, metadata);
        File.Move(temporary, path, overwrite: true);
    }
}
