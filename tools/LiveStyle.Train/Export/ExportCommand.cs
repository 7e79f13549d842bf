using LiveStyle.Core.Networks.AdaIn;
using LiveStyle.Core;
using LiveStyle.Core.Models;
using LiveStyle.Core.Onnx;
using LiveStyle.Core.Weights;
using LiveStyle.Core.Weights.PyTorch;
using LiveStyle.Train.Cli;
using LiveStyle.Train.Training;

namespace LiveStyle.Train.Export;

/// <summary>
/// export --checkpoint RUN_DIR|FILE --output DIR: a trained (or imported) decoder and its encoder
/// → the safetensors pair LiveStyle's --weights reads, and with --onnx the app's ONNX models,
/// built by Core's AdaInModelBuilder exactly as the app builds them.
/// </summary>
public static class ExportCommand
{
    public const string Help = """
        usage: LiveStyle.Train export --checkpoint RUN_DIR|FILE --output DIR [--weights DIR] [--onnx]
          --checkpoint RUN_DIR    a training run: its latest checkpoint and its copy of the encoder
          --checkpoint FILE       a decoder: .safetensors (e.g. RUN_DIR/decoder_iter_N.safetensors) or a PyTorch .pth
          --output DIR            writes vgg_normalised_relu4_1.safetensors and decoder_content_similar.safetensors,
                                  the pair livestyle --weights DIR reads
          --weights DIR           where the encoder comes from for a FILE outside a run folder
                                  (else $LIVESTYLE_WEIGHTS, else models/weights)
          --onnx                  also write stylizer.onnx and style_encoder.onnx (opset 17, dynamic size)
          --network adain|fast    fast: the MicroAST network's weights instead (export --network fast --help)
        """;

    public static int Run(IReadOnlyList<string> args, TextWriter output)
    {
        var network = args.SkipWhile(a => a != "--network").Skip(1).FirstOrDefault();
        if (network == "fast") return MicroAstExportCommand.Run(args, output);
        if (network is not null && network != "adain") throw new UsageException($"--network must be adain or fast, not '{network}'");
        args = [.. args.Where((a, i) => a != "--network" && (i == 0 || args[i - 1] != "--network"))];
        var options = new Arguments("export", args, ["checkpoint", "output", "weights"], ["onnx"]);
        var source = options.Required("checkpoint");
        var outputDirectory = options.Required("output");

        var (decoderPath, encoderPath) = Locate(source, options.Optional("weights"));
        var decoder = ReadDecoder(decoderPath);
        var encoder = SafetensorsFile.Read(encoderPath);
        AdaInWeights.Verify(encoderPath, encoder, AdaInArchitecture.Encoder);

        var weights = WeightsFolder.Write(outputDirectory,
            AdaInArchitecture.Encoder.SelectMany(l => new[] { encoder[l.WeightName], encoder[l.BiasName] }),
            AdaInArchitecture.Decoder.SelectMany(l => new[] { decoder[l.WeightName], decoder[l.BiasName] }),
            new Dictionary<string, string> { ["livestyle.decoder_source"] = Path.GetFullPath(decoderPath) });
        output.WriteLine($"wrote {AdaInWeights.EncoderFileName} and {AdaInWeights.DecoderFileName} to {outputDirectory} (decoder from {decoderPath})");

        if (options.Flag("onnx"))
        {
            foreach (var kind in new[] { AdaInModel.Stylizer, AdaInModel.StyleEncoder })
            {
                var path = Path.Combine(outputDirectory, AdaInModels.FileStem(kind) + ".onnx");
                var temporary = path + ".tmp";
                OnnxWriter.Save(AdaInModelBuilder.Build(kind, weights.Encoder, weights.Decoder, weights.ContentHash), temporary);
                File.Move(temporary, path, overwrite: true);
                output.WriteLine($"wrote {path}");
            }
        }
        return 0;
    }

    private static (string Decoder, string Encoder) Locate(string source, string? weightsOption)
    {
        if (Directory.Exists(source))
        {
            var checkpoint = Checkpoint.Locate(source)
                ?? throw new LiveStyleException($"{source} holds no checkpoint (checkpoint/{Checkpoint.DecoderFile}): is it a training run folder?");
            var runEncoder = Path.Combine(source, AdaInWeights.EncoderFileName);
            var encoder = File.Exists(runEncoder) ? runEncoder : Path.Combine(AdaInWeights.LocateDirectory(weightsOption), AdaInWeights.EncoderFileName);
            return (Path.Combine(checkpoint, Checkpoint.DecoderFile), encoder);
        }
        if (!File.Exists(source)) throw new LiveStyleException($"checkpoint not found: {source}");
        // A decoder snapshot inside a run folder uses that run's encoder.
        var besideIt = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(source))!, AdaInWeights.EncoderFileName);
        if (weightsOption is null && File.Exists(besideIt) && Path.GetFileName(source) != AdaInWeights.EncoderFileName) return (source, besideIt);
        return (source, Path.Combine(AdaInWeights.LocateDirectory(weightsOption), AdaInWeights.EncoderFileName));
    }

    private static IReadOnlyDictionary<string, WeightTensor> ReadDecoder(string path)
    {
        var tensors = Path.GetExtension(path).Equals(".safetensors", StringComparison.OrdinalIgnoreCase)
            ? SafetensorsFile.Read(path)
            : PyTorchCheckpoint.Read(path);
        AdaInWeights.Verify(path, tensors, AdaInArchitecture.Decoder);
        return tensors;
    }
}
