using System.CommandLine;

namespace LiveStyle.App.Cli;

/// <summary>How every livestyle command line is parsed.</summary>
public static class ParsingRules
{
    /// <summary>
    /// Without response files: "@x" is taken as it is, never as a file of arguments to read (no
    /// LiveStyle command needs them, and "@/dev/zero" made the parser fail inside).
    /// </summary>
    public static ParserConfiguration Configuration => new() { ResponseFileTokenReplacer = null };
}
