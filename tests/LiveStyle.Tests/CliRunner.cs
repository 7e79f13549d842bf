using LiveStyle.App;
using NUnit.Framework;

namespace LiveStyle.Tests;

/// <summary>Runs the livestyle command line in-process and captures what it prints.</summary>
public sealed record CliResult(int ExitCode, string Output, string Errors)
{
    public override string ToString() => $"exit {ExitCode}\nstdout: {Output}\nstderr: {Errors}";

    /// <summary>Failed with <paramref name="exitCode"/> and one clear line on stderr, "livestyle: …" containing <paramref name="messagePart"/>.</summary>
    public void AssertOneLineError(int exitCode, string messagePart)
    {
        Assert.That(ExitCode, Is.EqualTo(exitCode), ToString());
        var lines = Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(1), "one clear message: " + Errors);
        Assert.That(lines[0], Does.StartWith("livestyle: "));
        Assert.That(lines[0], Does.Contain(messagePart).IgnoreCase);
    }
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
