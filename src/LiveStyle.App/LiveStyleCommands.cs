using System.CommandLine;
using LiveStyle.App.Live;
using LiveStyle.App.Stylize;

namespace LiveStyle.App;

/// <summary>
/// The command tree: without a command the live view (its options are the root's), and the commands
/// live, stylize, devices, weights and int8-ranges. Help, --version, suggestions on typos and the
/// [suggest] directive for shell completion come from System.CommandLine.
/// </summary>
public static class LiveStyleCommands
{
    public static RootCommand Create()
    {
        var root = new RootCommand($"""
            LiveStyle: real-time arbitrary style transfer (AdaIN, and the fast MicroAST network).
            Without a command, the live view with the options below (as `livestyle live`).
            {LiveCommandLine.Description}
            """);
        var live = new LiveCommandLine();
        live.AddTo(root);
        root.Options.Add(PathsCommand.CreateOption());
        var liveCommand = new Command("live", LiveCommandLine.Description);
        live.AddTo(liveCommand);
        root.Subcommands.Add(liveCommand);
        root.Subcommands.Add(new StylizeCommandLine().CreateCommand());
        root.Subcommands.Add(DevicesCommand.CreateCommand());
        root.Subcommands.Add(WeightsCommand.CreateCommand());
        root.Subcommands.Add(Int8RangesCommand.CreateCommand());
        root.Subcommands.Add(PathsCommand.CreateCommand());
        root.Subcommands.Add(HelpWord(root));
        return root;
    }

    /// <summary>`livestyle help`, as `livestyle --help` (hidden: the help shows --help).</summary>
    private static Command HelpWord(RootCommand root)
    {
        var command = new Command("help") { Hidden = true };
        command.SetAction(result => root.Parse(["--help"]).Invoke(result.InvocationConfiguration));
        return command;
    }
}
