namespace LiveStyle.App.Display;

/// <summary>A GLFW failure: library missing, no display, no suitable OpenGL context, ...</summary>
public sealed class GlfwException : Exception
{
    public GlfwException(string message, int errorCode = 0) : base(message) => ErrorCode = errorCode;

    /// <summary>The GLFW error code (GLFW_PLATFORM_ERROR, ...), or 0 when the failure is not from GLFW itself.</summary>
    public int ErrorCode { get; }
}
