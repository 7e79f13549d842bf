using System.Runtime.ExceptionServices;
using Silk.NET.OpenGL;

namespace LiveStyle.App.Display;

/// <summary>
/// A GLFW window with an OpenGL 3.3 core context and the <see cref="GL"/> API bound to it.
/// Threading: GLFW and GL are single-threaded here. Create the window, poll events, render,
/// swap and dispose on one thread (the UI thread); <see cref="KeyPressed"/> is raised on that
/// thread from inside <see cref="PollEvents"/>. Other threads hand frames over through a mailbox.
/// Only one window may exist at a time (GLFW is initialised and terminated with it).
/// </summary>
public sealed class GlWindow : IDisposable
{
    private IntPtr _window;
    private readonly Glfw.KeyCallback _keyCallback; // kept in a field so the GC cannot free it while GLFW holds it
    private (int X, int Y, int Width, int Height) _windowedBounds;
    private Exception? _pendingException;

    /// <summary>Opens a window with a current OpenGL 3.3 core context. Throws <see cref="GlfwException"/> on failure.</summary>
    public GlWindow(string title, int width, int height, bool vsync = true)
    {
        Glfw.Init();
        try
        {
            Glfw.DefaultWindowHints();
            Glfw.WindowHint(Glfw.ContextVersionMajor, 3);
            Glfw.WindowHint(Glfw.ContextVersionMinor, 3);
            Glfw.WindowHint(Glfw.OpenGlProfile, Glfw.OpenGlCoreProfile);
            Glfw.WindowHint(Glfw.OpenGlForwardCompat, Glfw.True);
            Glfw.WindowHint(Glfw.Resizable, Glfw.True);
            _window = Glfw.CreateWindow(width, height, title);
            Glfw.MakeContextCurrent(_window);
            Glfw.SwapInterval(vsync ? 1 : 0);

            _keyCallback = OnKey;
            Glfw.SetKeyCallback(_window, _keyCallback);
            Gl = GL.GetApi(Glfw.GetProcAddress);
        }
        catch
        {
            if (_window != IntPtr.Zero)
                Glfw.DestroyWindow(_window);
            Glfw.Terminate();
            throw;
        }
    }

    /// <summary>The OpenGL API for this window's context (use it on the window's thread only).</summary>
    public GL Gl { get; }

    /// <summary>Raised for key presses and auto-repeats, from inside <see cref="PollEvents"/>.</summary>
    public event Action<KeyEvent>? KeyPressed;

    /// <summary>True once the user asked to close the window; set it to end a render loop.</summary>
    public bool ShouldClose
    {
        get => Glfw.WindowShouldClose(Handle);
        set => Glfw.SetWindowShouldClose(Handle, value);
    }

    /// <summary>Drawable size in pixels (differs from the window size on high-DPI screens).</summary>
    public (int Width, int Height) FramebufferSize => Glfw.GetFramebufferSize(Handle);

    public bool IsFullscreen => Glfw.GetWindowMonitor(Handle) != IntPtr.Zero;

    /// <summary>Processes pending window events; a handler's exception is rethrown here, after GLFW returns.</summary>
    public void PollEvents()
    {
        Glfw.PollEvents();
        if (_pendingException is { } error)
        {
            _pendingException = null;
            ExceptionDispatchInfo.Throw(error);
        }
    }

    public void SwapBuffers() => Glfw.SwapBuffers(Handle);

    public void SetTitle(string title) => Glfw.SetWindowTitle(Handle, title);

    /// <summary>Switches between windowed and fullscreen on the primary monitor at its current video mode.</summary>
    public void ToggleFullscreen()
    {
        if (IsFullscreen)
        {
            var (x, y, width, height) = _windowedBounds;
            Glfw.SetWindowMonitor(Handle, IntPtr.Zero, x, y, width, height, 0);
            return;
        }

        IntPtr monitor = Glfw.GetPrimaryMonitor();
        if (monitor == IntPtr.Zero)
            throw new GlfwException($"no monitor to go fullscreen on: {Glfw.TakeError().Message}");
        var mode = Glfw.GetVideoMode(monitor);
        var (wx, wy) = Glfw.GetWindowPos(Handle);
        var (ww, wh) = Glfw.GetWindowSize(Handle);
        _windowedBounds = (wx, wy, ww, wh);
        Glfw.SetWindowMonitor(Handle, monitor, 0, 0, mode.Width, mode.Height, mode.RefreshRate);
    }

    public void Dispose()
    {
        if (_window == IntPtr.Zero)
            return;
        Gl.Dispose();
        Glfw.SetKeyCallback(_window, null);
        Glfw.DestroyWindow(_window);
        _window = IntPtr.Zero;
        Glfw.Terminate();
    }

    private IntPtr Handle => _window != IntPtr.Zero ? _window : throw new ObjectDisposedException(nameof(GlWindow));

    private void OnKey(IntPtr window, int key, int scancode, int action, int mods)
    {
        if (action == Glfw.Release)
            return;
        // Called from native code inside glfwPollEvents: an exception must not unwind through GLFW.
        try
        {
            KeyPressed?.Invoke(new KeyEvent((GlfwKey)key, (GlfwModifiers)mods, action == Glfw.Repeat));
        }
        catch (Exception e)
        {
            _pendingException ??= e;
        }
    }
}
