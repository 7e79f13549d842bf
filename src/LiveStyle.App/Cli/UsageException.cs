using LiveStyle.Core;

namespace LiveStyle.App.Cli;

/// <summary>A wrong command line: an unknown option, a missing or malformed value. Exit code 2.</summary>
public sealed class UsageException(string message) : LiveStyleException(message);
