using LiveStyle.Core;
using LiveStyle.Core.Models;
using LiveStyle.Core.Networks.MicroAst;
using LiveStyle.Core.Onnx;
using LiveStyle.Core.Weights;
using LiveStyle.Train.Cli;
using LiveStyle.Train.Networks;

namespace LiveStyle.Train.Export;

/// <summary>
/// export --network fast --output DIR: the TorchSharp MicroAST network's weights → DIR/microast/*.safetensors
/// (the authors' tensor names), which the app reads in place of the .pth.tar files; with --onnx also
/// the fast models, built by Core's MicroAstModelBuilder exactly as the app builds them.
/// </summary>
public static class MicroAstExportCommand
{
    public const string Help = """
        usage: LiveStyle.Train export --network fast --output DIR [--weights DIR] [--onnx]
          --output DIR   writes DIR/microast/{content_encoder,style_encoder,modulator,decoder}.safetensors:
                         livestyle --weights DIR runs the fast network from them
          --weights DIR  the MicroAST weights the network starts from (DIR/microast; else $LIVESTYLE_WEIGHTS, else models/weights)
          --onnx         also write fast_stylizer.onnx and fast_style_encoder.onnx into DIR/microast
        """;

    public static int Run(IReadOnlyList<string> args, TextWriter output)
    {
        var options = new Arguments("export", args, ["network", "output", "weights"], ["onnx"]);
        var outputDirectory = MicroAstWeights.DirectoryIn(options.Required("output"));
        var source = MicroAstWeights.LocateDirectory(options.Optional("weights"));
        using var network = new MicroAstNetwork();
        network.Load(MicroAstWeights.Load(source), source);
        var weights = Write(outputDirectory, network);
        output.WriteLine($"wrote the fast network's weights to {outputDirectory} (from {source})");
        if (options.Flag("onnx"))
        {
            foreach (var kind in new[] { MicroAstModel.Stylizer, MicroAstModel.StyleEncoder })
            {
                var path = Path.Combine(outputDirectory, MicroAstModels.FileStem(kind) + ".onnx");
                OnnxWriter.Save(MicroAstModelBuilder.Build(kind, weights), path + ".tmp");
                File.Move(path + ".tmp", path, overwrite: true);
                output.WriteLine($"wrote {path}");
            }
        }
        return 0;
    }

    /// <summary>Writes the four parts as safetensors (atomically) and returns them as the app loads them.</summary>
    public static MicroAstWeights Write(string microAstDirectory, MicroAstNetwork network)
    {
        (string File, MicroAstPart Part)[] parts =
        [
            (MicroAstWeights.ContentEncoderFileName, network.ContentEncoder), (MicroAstWeights.StyleEncoderFileName, network.StyleEncoder),
            (MicroAstWeights.ModulatorFileName, network.Modulator), (MicroAstWeights.DecoderFileName, network.Decoder),
        ];
        try
        {
            Directory.CreateDirectory(microAstDirectory);
            foreach (var (file, part) in parts)
            {
                var path = Path.Combine(microAstDirectory, MicroAstWeights.SafetensorsFileName(file));
                var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
                SafetensorsFile.Write(temporary, part.Weights(), new Dictionary<string, string> { ["livestyle.network"] = "microast" });
                File.Move(temporary, path, overwrite: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LiveStyleException($"cannot write the fast network's weights to {microAstDirectory}: {e.Message}", e);
        }
        return MicroAstWeights.Load(microAstDirectory);
    }
}
