namespace LiveStyle.Core;

/// <summary>
/// An error caused by the user's input or environment (a missing file, a bad option value),
/// whose message says what is wrong and what to do. The app prints it without a stack trace.
/// </summary>
public class LiveStyleException : Exception
{
    public LiveStyleException(string message) : base(message) { }
    public LiveStyleException(string message, Exception inner) : base(message, inner) { }
}
