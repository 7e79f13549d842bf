using System.Globalization;

namespace LiveStyle.Train.Cli;

/// <summary>
/// "--name value", "--name=value" and "--flag" options of one command, checked against the
/// names the command knows. Unknown, repeated or malformed options are <see cref="UsageException"/>s.
/// </summary>
public sealed class Arguments
{
    private readonly string _command;
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    public Arguments(string command, IReadOnlyList<string> args, IReadOnlyCollection<string> valueOptions, IReadOnlyCollection<string> flagOptions)
    {
        _command = command;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
                throw new UsageException($"unexpected argument '{arg}' for '{command}'");
            var name = arg[2..];
            string? inline = null;
            if (name.IndexOf('=') is var equals and >= 0) (name, inline) = (name[..equals], name[(equals + 1)..]);
            if (flagOptions.Contains(name))
            {
                if (inline is not null) throw new UsageException($"--{name} takes no value");
                if (!_flags.Add(name)) throw new UsageException($"--{name} is given twice");
            }
            else if (valueOptions.Contains(name))
            {
                var value = inline ?? (i + 1 < args.Count ? args[++i] : "");
                if (value.Length == 0) throw new UsageException($"--{name} needs a value");
                if (!_values.TryAdd(name, value)) throw new UsageException($"--{name} is given twice");
            }
            else throw new UsageException($"unknown option --{name} for '{command}'");
        }
    }

    public bool Flag(string name) => _flags.Contains(name);

    public string? Optional(string name) => _values.GetValueOrDefault(name);

    public string Required(string name) => Optional(name) ?? throw new UsageException($"'{_command}' needs --{name}");

    public int Int(string name, int defaultValue, int min, int max)
    {
        if (Optional(name) is not { } text) return defaultValue;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw new UsageException($"--{name} must be a whole number from {min} to {max}, got '{text}'");
        return value;
    }

    public double Double(string name, double defaultValue, double min, double max)
    {
        if (Optional(name) is not { } text) return defaultValue;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !(value >= min && value <= max))
            throw new UsageException($"--{name} must be a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}, got '{text}'");
        return value;
    }
}
