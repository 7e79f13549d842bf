using System.CommandLine;
using System.CommandLine.Parsing;
using LiveStyle.Core;

namespace LiveStyle.App.Cli;

/// <summary>
/// Defines an option once: its name, the name of its value in the help, its description, its
/// default and how its text becomes a value (a parser that throws <see cref="LiveStyleException"/>
/// with a message naming the option). A value that does not parse is a parse error with that message.
/// </summary>
public static class CliOption
{
    /// <summary>An option that takes one value; without <paramref name="defaultValue"/> an absent option reads as default (null).</summary>
    public static Option<T> Value<T>(string name, string valueName, string description, Func<string, T> parse, Func<T>? defaultValue = null,
        params string[] completions)
    {
        var option = new Option<T>($"--{name}")
        {
            Description = description,
            HelpName = valueName,
            CustomParser = result => Parse(result, name, parse),
        };
        if (defaultValue is not null) option.DefaultValueFactory = _ => defaultValue();
        if (completions.Length > 0) option.CompletionSources.Add(completions);
        return option;
    }

    /// <summary>A text value (a path, a name) taken as given.</summary>
    public static Option<string?> Text(string name, string valueName, string description) =>
        Value<string?>(name, valueName, description, text => text);

    public static Option<int> Int(string name, string valueName, string description, int defaultValue, int min, int max) =>
        Value(name, valueName, description, text => ValueParsers.Int(name, text, min, max), () => defaultValue);

    public static Option<float> Float(string name, string valueName, string description, float defaultValue, float min, float max) =>
        Value(name, valueName, description, text => ValueParsers.Float(name, text, min, max), () => defaultValue);

    /// <summary>A number that is null when the option is not given.</summary>
    public static Option<float?> OptionalFloat(string name, string valueName, string description, float min, float max) =>
        Value<float?>(name, valueName, description, text => ValueParsers.Float(name, text, min, max));

    public static Option<PixelSize> Size(string name, string description, PixelSize defaultValue) =>
        Value(name, "WxH", description, text => ValueParsers.Pair(name, text), () => defaultValue);

    /// <summary>An option without a value: on when given.</summary>
    public static Option<bool> Flag(string name, string description) => new($"--{name}") { Description = description };

    /// <summary>An option that works alone or with a value ("--virtual-camera" or "--virtual-camera /dev/video10"): "" when given alone.</summary>
    public static Option<string?> OptionalValue(string name, string valueName, string description) =>
        new($"--{name}") { Description = description, HelpName = valueName, Arity = ArgumentArity.ZeroOrOne };

    /// <summary>The value of an option the command cannot do without.</summary>
    public static T Required<T>(ParseResult result, Option<T?> option) where T : class =>
        result.GetValue(option) ?? throw new UsageException(
            $"'{result.CommandResult.Command.Name}' needs {option.Name} (see livestyle {result.CommandResult.Command.Name} --help)");

    private static T Parse<T>(ArgumentResult result, string name, Func<string, T> parse)
    {
        // More than one value: the option was given twice, reported by UsageErrors.
        if (result.Tokens.Count != 1) return default!;
        var text = result.Tokens[0].Value;
        try
        {
            return text.Length == 0 ? throw new UsageException($"--{name} needs a value") : parse(text);
        }
        catch (LiveStyleException e)
        {
            result.AddError(e.Message);
            return default!;
        }
    }
}
