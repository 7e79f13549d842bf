using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;

namespace LiveStyle.App.Cli;

/// <summary>
/// A command line that does not parse, told in one line: the first problem, naming the option, with
/// System.CommandLine's suggestions when a name looks mistyped ("did you mean --network?").
/// </summary>
public static class UsageErrors
{
    public static void ThrowIfAny(ParseResult result)
    {
        if (result.Errors.Count > 0) throw new UsageException(Describe(result));
    }

    public static string Describe(ParseResult result)
    {
        if (result.UnmatchedTokens.Count > 0) return Unmatched(result, result.UnmatchedTokens[0]);
        var error = result.Errors[0];
        return error.SymbolResult switch
        {
            OptionResult { IdentifierTokenCount: > 1 } given => $"{given.Option.Name} is given twice",
            OptionResult { Tokens.Count: 0 } empty when empty.Option.Arity.MinimumNumberOfValues > 0 => $"{empty.Option.Name} needs a value",
            _ => error.Message,
        };
    }

    private static string Unmatched(ParseResult result, string token)
    {
        var command = result.CommandResult.Command;
        var isRoot = command is RootCommand;
        // Without a command the options are the live view's.
        var name = isRoot ? "live" : command.Name;
        var help = isRoot ? "livestyle --help" : $"livestyle {command.Name} --help";
        var suggestion = Suggestions(result, token) is { Count: > 0 } names ? $" (did you mean {string.Join(" or ", names)}?)" : "";
        if (token.StartsWith('-')) return $"unknown option {token} for '{name}'{suggestion} (see {help})";
        if (isRoot && result.Tokens.FirstOrDefault(t => t.Type != TokenType.Directive)?.Value == token)
            return $"unknown command '{token}'{suggestion} (see {help})";
        return $"unexpected argument '{token}' for '{name}'{suggestion}: options start with -- (see {help})";
    }

    /// <summary>The names System.CommandLine's typo correction offers for <paramref name="token"/>: options for an option, commands for a word.</summary>
    private static IReadOnlyList<string> Suggestions(ParseResult result, string token)
    {
        if (result.Action is not ParseErrorAction action) return [];
        action.ShowHelp = false;
        action.ShowTypoCorrections = true;
        var corrections = new StringWriter();
        result.Invoke(new InvocationConfiguration { Output = corrections, Error = TextWriter.Null });
        // Its output: per unmatched token a line "'TOKEN' was not matched. …" and then one name a line.
        return corrections.ToString().ReplaceLineEndings("\n").Split("\n\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(block => block.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .FirstOrDefault(lines => lines.Length > 0 && lines[0].StartsWith($"'{token}'", StringComparison.Ordinal))?
            .Skip(1)
            .Where(name => name.StartsWith('-') == token.StartsWith('-'))
            .ToArray() ?? [];
    }
}
