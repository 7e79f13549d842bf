using LiveStyle.App;

namespace LiveStyle.Tests;

/// <summary>Runs the livestyle command line in-process and captures what it prints.</summary>
public sealed record CliResult(int ExitCode, string Output, string Errors)
{
    public override string ToString() => $"exit {ExitCode}\nstdout: {Output}\nstderr: {Errors}";
}

public static class CliRunner
{
    public static CliResult Run(params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var code = LiveStyleCli.Run(args, output, errors);
        return new CliResult(code, output.ToString(), errors.ToString());
    }
}
