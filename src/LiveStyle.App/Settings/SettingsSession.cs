using LiveStyle.App.Cli;
using LiveStyle.App.Live;
using LiveStyle.Core.Networks.PersonMask;

namespace LiveStyle.App.Settings;

/// <summary>
/// The settings around one run of the live view: at the start the remembered options are added to
/// the command line where it does not give them (the command line wins; a remembered value the
/// live view refuses is reported and skipped), `--reset-settings` forgets them first; when the
/// window closes, what is then in effect (options, style, strength, toggles) is written back.
/// </summary>
public sealed class SettingsSession
{
    public const string ResetOption = "--reset-settings";

    private readonly SettingsFile _file;
    private readonly List<string> _messages = [];

    private SettingsSession(SettingsFile file) => _file = file;

    /// <summary>The command line with the remembered options added.</summary>
    public IReadOnlyList<string> Arguments { get; private set; } = [];
    public LiveSettings Remembered { get; private set; } = new();
    /// <summary>What happened (file damaged, values skipped, reset), for the live view's log.</summary>
    public IReadOnlyList<string> Messages => _messages;
    public string FilePath => _file.Path;

    public static SettingsSession Start(IReadOnlyList<string> args, SettingsFile file)
    {
        var session = new SettingsSession(file);
        var commandLine = args.Where(a => a != ResetOption).ToList();
        if (commandLine.Count != args.Count)
        {
            file.Delete();
            session._messages.Add($"settings: forgotten ({file.Path} deleted)");
        }
        // The command line alone must be right: its errors are the user's, with exit code 2.
        _ = LiveOptions.Parse(commandLine);
        session.Remembered = file.Load(session._messages.Add);
        session.Arguments = session.Merge(commandLine);
        return session;
    }

    private List<string> Merge(List<string> commandLine)
    {
        var given = LiveOptions.Given(commandLine);
        var merged = new List<string>(commandLine);
        foreach (var (option, value) in Remembered.AsOptions())
        {
            if (given.ContainsKey(option) || !LiveOptions.Knows(option)) continue;
            var candidate = new List<string>(merged) { value is { Length: > 0 } ? $"--{option}={value}" : $"--{option}" };
            try
            {
                _ = LiveOptions.Parse(candidate);
                merged = candidate;
            }
            catch (UsageException e)
            {
                _messages.Add($"settings: the remembered --{option} {value} is not used: {e.Message}");
            }
        }
        return merged;
    }

    /// <summary>Remembers what is in effect when the live view closes; <paramref name="switchedNetwork"/>: the network the user switched to (G), if any.</summary>
    public void Save(string? style, float alpha, ViewModes view, bool virtualCamera, Action<string> log, string? switchedNetwork = null)
    {
        var options = LiveOptions.Given(Arguments);
        var settings = LiveSettings.FromOptions(options) with
        {
            Style = style,
            Alpha = alpha,
            Split = view.Split ? true : null,
            PreserveColor = view.PreserveColor ? true : null,
            Mirror = view.Mirror ? true : null,
            VirtualCamera = virtualCamera ? true : null,
        };
        if (view.Regions is { } regions) settings = settings with { Regions = regions == StylizedRegions.All ? null : regions.Name() };
        if (switchedNetwork is not null) settings = settings with { Network = switchedNetwork };
        // Keep what this build does not know (another version's options) as it was.
        settings = settings with
        {
            Network = settings.Network ?? (LiveOptions.Knows("network") ? null : Remembered.Network),
            Temporal = settings.Temporal ?? (LiveOptions.Knows("temporal") ? null : Remembered.Temporal),
        };
        _file.Save(settings, log);
    }
}
