using LiveStyle.Core;
using LiveStyle.Train.Cli;
using LiveStyle.Train.Export;
using LiveStyle.Train.Import;
using LiveStyle.Train.Training;

namespace LiveStyle.Train;

/// <summary>The command line: dispatches to a command; errors become one line and an exit code.</summary>
public static class TrainCli
{
    public const int ExitOk = 0, ExitError = 1, ExitUsage = 2;

    public const string Help = """
        LiveStyle.Train: train AdaIN decoders and turn weights into what LiveStyle runs.

        usage: LiveStyle.Train <command> [options]      (LiveStyle.Train <command> --help)
          train    train a decoder on content and style image folders
          export   a run's (or a file's) decoder → safetensors for livestyle --weights, optionally ONNX models
          import   PyTorch checkpoints (vgg_normalised.pth, decoder.pth) → safetensors for --weights
        """;

    /// <param name="progress">Where the progress bar goes; <paramref name="interactive"/> redraws it in place.</param>
    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter errors,
        TextWriter? progress = null, bool interactive = false, CancellationToken cancel = default)
    {
        OpenMpWaitPolicy.PreferPassive();
        try
        {
            if (args.Count == 0 || args[0] is "--help" or "-h" or "help")
            {
                output.Write(Help);
                return args.Count == 0 ? ExitUsage : ExitOk;
            }
            var rest = args.Skip(1).ToArray();
            var wantsHelp = rest.Contains("--help");
            switch (args[0])
            {
                case "train":
                    if (wantsHelp) { output.Write(TrainOptions.Help); return ExitOk; }
                    return TrainCommand.Run(TrainOptions.Parse(rest), output, progress ?? output, interactive, cancel);
                case "export":
                    if (wantsHelp) { output.Write(rest.Contains("fast") ? MicroAstExportCommand.Help : ExportCommand.Help); return ExitOk; }
                    return ExportCommand.Run(rest, output);
                case "import":
                    if (wantsHelp) { output.Write(ImportCommand.Help); return ExitOk; }
                    return ImportCommand.Run(rest, output);
                default:
                    throw new UsageException($"unknown command '{args[0]}'");
            }
        }
        catch (UsageException e)
        {
            errors.WriteLine($"LiveStyle.Train: {e.Message} (see LiveStyle.Train {(args.Count > 0 ? args[0] + " " : "")}--help)");
            return ExitUsage;
        }
        catch (LiveStyleException e)
        {
            errors.WriteLine($"LiveStyle.Train: error: {e.Message}");
            return ExitError;
        }
    }
}
