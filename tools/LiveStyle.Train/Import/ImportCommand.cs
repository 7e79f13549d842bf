using LiveStyle.Core.Networks.AdaIn;
using LiveStyle.Core;
using LiveStyle.Core.Weights;
using LiveStyle.Core.Weights.PyTorch;
using LiveStyle.Train.Cli;

namespace LiveStyle.Train.Import;

/// <summary>
/// import --vgg FILE --decoder FILE --output DIR: PyTorch checkpoints (pytorch-AdaIN's
/// vgg_normalised.pth and decoder.pth, or any with the same keys; legacy or zip format) →
/// the safetensors pair LiveStyle's --weights reads.
/// </summary>
public static class ImportCommand
{
    public const string Help = """
        usage: LiveStyle.Train import --vgg FILE --decoder FILE --output DIR
          --vgg FILE       the normalised VGG-19 state dict (pytorch-AdaIN's vgg_normalised.pth); layers 0…29 are kept
          --decoder FILE   a decoder state dict (pytorch-AdaIN's decoder.pth, or one trained with these keys)
          --output DIR     writes vgg_normalised_relu4_1.safetensors and decoder_content_similar.safetensors
                           (the names livestyle --weights DIR expects, whichever decoder it is)
        Files named vgg_normalised.pth or decoder.pth must match the official release's sha256.
        Both PyTorch formats are read: the zip format (torch >= 1.6) and the legacy pickle format.
        """;

    public static int Run(IReadOnlyList<string> args, TextWriter output)
    {
        var options = new Arguments("import", args, ["vgg", "decoder", "output"], []);
        var vggPath = options.Required("vgg");
        var decoderPath = options.Required("decoder");
        var outputDirectory = options.Required("output");

        output.WriteLine(OfficialWeights.Verify(vggPath, OfficialWeights.AdaIn));
        output.WriteLine(OfficialWeights.Verify(decoderPath, OfficialWeights.AdaIn));
        var encoder = Select(vggPath, PyTorchCheckpoint.Read(vggPath), AdaInArchitecture.Encoder);
        var decoder = Select(decoderPath, PyTorchCheckpoint.Read(decoderPath), AdaInArchitecture.Decoder);

        WeightsFolder.Write(outputDirectory, encoder, decoder, new Dictionary<string, string>
        {
            ["livestyle.encoder_source"] = Path.GetFileName(vggPath),
            ["livestyle.decoder_source"] = Path.GetFileName(decoderPath),
        });
        output.WriteLine($"wrote {AdaInWeights.EncoderFileName} and {AdaInWeights.DecoderFileName} to {outputDirectory}");
        return 0;
    }

    /// <summary>The tensors the network needs, in layer order, after checking names and shapes.</summary>
    private static List<WeightTensor> Select(string path, IReadOnlyDictionary<string, WeightTensor> tensors, IReadOnlyList<ConvLayer> layers)
    {
        AdaInWeights.Verify(path, tensors, layers);
        return [.. layers.SelectMany(l => new[] { tensors[l.WeightName], tensors[l.BiasName] })];
    }
}
