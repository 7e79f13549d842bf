using LiveStyle.App.Cli;
using LiveStyle.App.Stylize;
using LiveStyle.Core;

namespace LiveStyle.App;

/// <summary>The command-line entry: dispatches to a command and turns errors into one clear line and an exit code.</summary>
public static class LiveStyleCli
{
    public const int ExitOk = 0, ExitError = 1, ExitUsage = 2;

    public const string Help = """
        LiveStyle: real-time arbitrary style transfer (AdaIN).

        usage: livestyle <command> [options]
          stylize     stylize still images (livestyle stylize --help)
          --help      this text
          --version   the version
        """;

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter errors)
    {
        try
        {
            if (args.Count == 0 || args[0] is "--help" or "-h" or "help")
            {
                output.Write(Help);
                return args.Count == 0 ? ExitUsage : ExitOk;
            }
            if (args[0] == "--version")
            {
                output.WriteLine($"livestyle {typeof(LiveStyleCli).Assembly.GetName().Version}");
                return ExitOk;
            }
            var rest = args.Skip(1).ToArray();
            switch (args[0])
            {
                case "stylize":
                    if (rest.Contains("--help")) { output.Write(StylizeOptions.Help); return ExitOk; }
                    return StylizeCommand.Run(StylizeOptions.Parse(rest), errors);
                default:
                    throw new UsageException($"unknown command '{args[0]}' (see livestyle --help)");
            }
        }
        catch (UsageException e)
        {
            errors.WriteLine($"livestyle: {e.Message}");
            return ExitUsage;
        }
        catch (LiveStyleException e)
        {
            errors.WriteLine($"livestyle: error: {e.Message}");
            return ExitError;
        }
    }
}
