using System.CommandLine;
using System.CommandLine.Invocation;
using LiveStyle.App.Cli;
using LiveStyle.Core;
using LiveStyle.Core.Imaging;

namespace LiveStyle.App;

/// <summary>The command-line entry: dispatches to a command and turns errors into one clear line and an exit code.</summary>
public static class LiveStyleCli
{
    public const int ExitOk = 0, ExitError = 1, ExitUsage = 2;

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter errors)
    {
        try
        {
            OpenCvNative.Require();
            var result = LiveStyleCommands.Create().Parse(args, ParsingRules.Configuration);
            if (result.Action is ParseErrorAction) throw new UsageException(UsageErrors.Describe(result));
            return result.Invoke(new InvocationConfiguration
            {
                Output = output,
                Error = errors,
                // Errors are reported below, one line each; the live view handles Ctrl+C itself.
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            });
        }
        catch (UsageException e)
        {
            errors.WriteLine($"livestyle: {e.Message}");
            return ExitUsage;
        }
        catch (LiveStyleException e)
        {
            errors.WriteLine($"livestyle: error: {e.Message}");
            return ExitError;
        }
        catch (Exception e)
        {
            // A bug, not bad input: one line for the user, the stack trace when asked for.
            errors.WriteLine($"livestyle: unexpected error: {e.GetType().Name}: {e.Message} (this is a bug; run with {DebugVariable}=1 for details and report it)");
            if (Environment.GetEnvironmentVariable(DebugVariable) is { Length: > 0 }) errors.WriteLine(e);
            return ExitError;
        }
    }

    public const string DebugVariable = "LIVESTYLE_DEBUG";
}
