using LiveStyle.App.Cli;
using LiveStyle.App.Live;
using LiveStyle.App.Settings;
using LiveStyle.App.Stylize;
using LiveStyle.Core;

namespace LiveStyle.App;

/// <summary>The command-line entry: dispatches to a command and turns errors into one clear line and an exit code.</summary>
public static class LiveStyleCli
{
    public const int ExitOk = 0, ExitError = 1, ExitUsage = 2;

    public const string Help = """
        LiveStyle: real-time arbitrary style transfer (AdaIN).

        usage: livestyle [options]              the live view (livestyle live --help for its options)
               livestyle <command> [options]
          live        the live view: camera (or test pattern) stylized in a window, or --headless
          stylize     stylize still images (livestyle stylize --help)
          devices     list cameras and inference devices
          weights     install downloaded official weights (livestyle weights --help)
          int8-ranges  (maintainers) calibrate int8 and write the shipped ranges file
          --paths     where styles, shaders, caches, settings, weights, recordings and snapshots are
          --help      this text
          --version   the version
        """;

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter errors)
    {
        try
        {
            if (args.Count > 0 && args[0] is "--help" or "-h" or "help")
            {
                output.Write(Help);
                return ExitOk;
            }
            if (args.Count > 0 && args[0] == "--version")
            {
                output.WriteLine($"livestyle {typeof(LiveStyleCli).Assembly.GetName().Version}");
                return ExitOk;
            }
            if (args.Count > 0 && args[0] is "--paths" or "paths")
            {
                foreach (var (kind, directory) in LiveStylePaths.All)
                    output.WriteLine($"{kind + ":",-24} {directory}");
                return ExitOk;
            }
            // No command, or options only: the live view.
            if (args.Count == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
                args = ["live", .. args];
            var rest = args.Skip(1).ToArray();
            switch (args[0])
            {
                case "live":
                    if (rest.Contains("--help")) { output.Write(LiveOptions.Help); return ExitOk; }
                    var settings = SettingsSession.Start(rest, SettingsFile.Default);
                    return LiveCommand.Run(LiveOptions.Parse(settings.Arguments), errors, settings);
                case "int8-ranges":
                    if (rest.Contains("--help")) { output.Write(Int8RangesCommand.Help); return ExitOk; }
                    return Int8RangesCommand.Run(rest, output, errors);
                case "weights":
                    if (rest.Contains("--help")) { output.Write(WeightsCommand.Help); return ExitOk; }
                    return WeightsCommand.Run(rest, output);
                case "devices":
                    return DevicesCommand.Run(output);
                case "stylize":
                    if (rest.Contains("--help")) { output.Write(StylizeOptions.Help); return ExitOk; }
                    var stylizeOptions = StylizeOptions.Parse(rest);
                    return VideoStylizeCommand.IsVideo(stylizeOptions.Content)
                        ? VideoStylizeCommand.Run(stylizeOptions, errors)
                        : StylizeCommand.Run(stylizeOptions, errors);
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
        catch (Exception e)
        {
            // A bug, not bad input: one line for the user, the stack trace when asked for.
            errors.WriteLine($"livestyle: unexpected error: {e.GetType().Name}: {e.Message} (this is a bug; run with {DebugVariable}=1 for details and report it)");
            if (Environment.GetEnvironmentVariable(DebugVariable) is { Length: > 0 }) errors.WriteLine(e);
            return ExitError;
        }
    }

    public const string DebugVariable = "LIVESTYLE_DEBUG";
}
