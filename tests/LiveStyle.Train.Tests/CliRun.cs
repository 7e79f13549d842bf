namespace LiveStyle.Train.Tests;

/// <summary>Runs the tool's command line in-process and keeps what it printed.</summary>
public sealed record CliRun(int ExitCode, string Output, string Errors)
{
    public static CliRun Of(params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var code = TrainCli.Run(args, output, errors);
        return new CliRun(code, output.ToString(), errors.ToString());
    }

    public override string ToString() => $"exit {ExitCode}\n{Output}\n{Errors}";
}
