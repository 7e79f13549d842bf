using System.CommandLine;
using System.CommandLine.Invocation;
using LiveStyle.Core;

namespace LiveStyle.App;

/// <summary>`livestyle --paths` (or `livestyle paths`): where styles, shaders, caches, settings, weights, recordings and snapshots are.</summary>
public static class PathsCommand
{
    private const string Description = "where styles, shaders, caches, settings, weights, recordings and snapshots are";

    public static Option<bool> CreateOption() => new("--paths") { Description = Description, Action = new PrintPaths() };

    public static Command CreateCommand()
    {
        var command = new Command("paths", Description) { Hidden = true };
        command.SetAction(result => Run(result.InvocationConfiguration.Output));
        return command;
    }

    private static int Run(TextWriter output)
    {
        foreach (var (kind, directory) in LiveStylePaths.All)
            output.WriteLine($"{kind + ":",-24} {directory}");
        return 0;
    }

    private sealed class PrintPaths : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult) => Run(parseResult.InvocationConfiguration.Output);
    }
}
