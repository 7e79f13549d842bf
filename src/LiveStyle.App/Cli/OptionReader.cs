using System.Globalization;

namespace LiveStyle.App.Cli;

/// <summary>
/// Parses "--name value", "--name=value" and "--flag" against a fixed set of known options.
/// Anything unknown, repeated or malformed is a <see cref="UsageException"/> naming the option.
/// </summary>
public sealed class OptionReader
{
    private readonly string _command;
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    /// <param name="optionalValueOptions">Options that work alone or with a value ("--virtual-camera" or "--virtual-camera /dev/video10").</param>
    public OptionReader(string command, IReadOnlyList<string> args, IReadOnlySet<string> valueOptions, IReadOnlySet<string> flagOptions,
        IReadOnlySet<string>? optionalValueOptions = null)
    {
        _command = command;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
                throw new UsageException($"unexpected argument '{arg}' for '{command}': options start with -- (see livestyle {command} --help)");
            var name = arg[2..];
            string? inlineValue = null;
            var equals = name.IndexOf('=');
            if (equals >= 0)
            {
                inlineValue = name[(equals + 1)..];
                name = name[..equals];
            }

            if (optionalValueOptions?.Contains(name) == true)
            {
                var value = inlineValue ?? (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "");
                if (!_values.TryAdd(name, value)) throw new UsageException($"--{name} is given twice");
            }
            else if (flagOptions.Contains(name))
            {
                if (inlineValue is not null) throw new UsageException($"--{name} takes no value");
                if (!_flags.Add(name)) throw new UsageException($"--{name} is given twice");
            }
            else if (valueOptions.Contains(name))
            {
                var value = inlineValue ?? (i + 1 < args.Count ? args[++i] : throw new UsageException($"--{name} needs a value"));
                if (value.Length == 0) throw new UsageException($"--{name} needs a value");
                if (!_values.TryAdd(name, value)) throw new UsageException($"--{name} is given twice");
            }
            else
            {
                throw new UsageException($"unknown option --{name} for '{command}' (see livestyle {command} --help)");
            }
        }
    }

    public bool Flag(string name) => _flags.Contains(name);

    /// <summary>Every option given: its value, or null for a flag.</summary>
    public IReadOnlyDictionary<string, string?> Given =>
        _values.Select(v => KeyValuePair.Create(v.Key, (string?)v.Value))
            .Concat(_flags.Select(f => KeyValuePair.Create(f, (string?)null)))
            .ToDictionary(StringComparer.Ordinal);

    /// <summary>Whether an option was given at all (with or without a value).</summary>
    public bool Has(string name) => _flags.Contains(name) || _values.ContainsKey(name);

    public string? String(string name) => _values.GetValueOrDefault(name);

    public string Required(string name) =>
        String(name) ?? throw new UsageException($"'{_command}' needs --{name} (see livestyle {_command} --help)");

    public int Int(string name, int defaultValue, int min, int max)
    {
        if (String(name) is not { } text) return defaultValue;
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
            throw new UsageException($"--{name} must be a whole number from {min} to {max}, got '{text}'");
        return value;
    }

    public float Float(string name, float defaultValue, float min, float max)
    {
        if (String(name) is not { } text) return defaultValue;
        if (!TryParseFloat(text, out var value) || value < min || value > max)
            throw new UsageException($"--{name} must be a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}, got '{text}'");
        return value;
    }

    /// <summary>A comma-separated list ("a.jpg,b.jpg"); empty entries are an error.</summary>
    public IReadOnlyList<string>? List(string name)
    {
        if (String(name) is not { } text) return null;
        var items = text.Split(',').Select(s => s.Trim()).ToArray();
        if (items.Any(s => s.Length == 0)) throw new UsageException($"--{name} has an empty entry in '{text}'");
        return items;
    }

    public IReadOnlyList<float>? FloatList(string name)
    {
        if (List(name) is not { } items) return null;
        return items.Select(item => TryParseFloat(item, out var v) && v >= 0
            ? v
            : throw new UsageException($"--{name} must be a comma-separated list of non-negative numbers, got '{item}'")).ToArray();
    }

    private static bool TryParseFloat(string text, out float value) =>
        float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && float.IsFinite(value);
}
