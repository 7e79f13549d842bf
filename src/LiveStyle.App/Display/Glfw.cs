using System.Runtime.InteropServices;

namespace LiveStyle.App.Display;

/// <summary>
/// Minimal binding to the system GLFW 3 library (libglfw.so.3 on Linux, glfw3.dll on Windows).
/// Entry points are resolved by hand with <see cref="NativeLibrary"/> and called through
/// function pointers, so this assembly needs no DllImport resolver (an assembly can only have one).
/// GLFW reports errors through a callback; it is recorded per thread and turned into a
/// <see cref="GlfwException"/> by the calls that can fail.
/// All calls must come from one thread (see <see cref="GlWindow"/>).
/// </summary>
internal static unsafe class Glfw
{
    public const int True = 1;
    public const int False = 0;

    // Key actions.
    public const int Release = 0;
    public const int Press = 1;
    public const int Repeat = 2;

    // Window and context hints.
    public const int Focused = 0x00020001;
    public const int Resizable = 0x00020003;
    public const int Visible = 0x00020004;
    public const int ContextVersionMajor = 0x00022002;
    public const int ContextVersionMinor = 0x00022003;
    public const int OpenGlForwardCompat = 0x00022006;
    public const int OpenGlProfile = 0x00022008;
    public const int OpenGlCoreProfile = 0x00032001;

    // Error codes.
    public const int PlatformError = 0x00010008;
    public const int ApiUnavailable = 0x00010006;
    public const int VersionUnavailable = 0x00010007;

    [StructLayout(LayoutKind.Sequential)]
    public struct VideoMode
    {
        public int Width, Height, RedBits, GreenBits, BlueBits, RefreshRate;
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate void KeyCallback(IntPtr window, int key, int scancode, int action, int mods);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate void ErrorCallback(int code, IntPtr description);

    private static readonly string[] LibraryNames = OperatingSystem.IsWindows()
        ? ["glfw3.dll", "glfw.dll"]
        : OperatingSystem.IsMacOS()
            ? ["libglfw.3.dylib", "libglfw.dylib"]
            : ["libglfw.so.3", "libglfw.so"];

    // Held in a static field for the life of the process: GLFW keeps the raw pointer.
    private static readonly ErrorCallback ErrorHandler = OnError;

    [ThreadStatic] private static string? lastError;
    [ThreadStatic] private static int lastErrorCode;

    private static readonly object LoadLock = new();
    private static IntPtr library;

    private static delegate* unmanaged[Cdecl]<int> glfwInit;
    private static delegate* unmanaged[Cdecl]<void> glfwTerminate;
    private static delegate* unmanaged[Cdecl]<IntPtr, IntPtr> glfwSetErrorCallback;
    private static delegate* unmanaged[Cdecl]<byte*> glfwGetVersionString;
    private static delegate* unmanaged[Cdecl]<void> glfwDefaultWindowHints;
    private static delegate* unmanaged[Cdecl]<int, int, void> glfwWindowHint;
    private static delegate* unmanaged[Cdecl]<int, int, byte*, IntPtr, IntPtr, IntPtr> glfwCreateWindow;
    private static delegate* unmanaged[Cdecl]<IntPtr, void> glfwDestroyWindow;
    private static delegate* unmanaged[Cdecl]<IntPtr, void> glfwMakeContextCurrent;
    private static delegate* unmanaged[Cdecl]<int, void> glfwSwapInterval;
    private static delegate* unmanaged[Cdecl]<IntPtr, void> glfwSwapBuffers;
    private static delegate* unmanaged[Cdecl]<void> glfwPollEvents;
    private static delegate* unmanaged[Cdecl]<IntPtr, int> glfwWindowShouldClose;
    private static delegate* unmanaged[Cdecl]<IntPtr, int, void> glfwSetWindowShouldClose;
    private static delegate* unmanaged[Cdecl]<IntPtr, int*, int*, void> glfwGetFramebufferSize;
    private static delegate* unmanaged[Cdecl]<IntPtr, int*, int*, void> glfwGetWindowPos;
    private static delegate* unmanaged[Cdecl]<IntPtr, int*, int*, void> glfwGetWindowSize;
    private static delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr> glfwSetKeyCallback;
    private static delegate* unmanaged[Cdecl]<IntPtr> glfwGetPrimaryMonitor;
    private static delegate* unmanaged[Cdecl]<IntPtr, VideoMode*> glfwGetVideoMode;
    private static delegate* unmanaged[Cdecl]<IntPtr, IntPtr> glfwGetWindowMonitor;
    private static delegate* unmanaged[Cdecl]<IntPtr, IntPtr, int, int, int, int, int, void> glfwSetWindowMonitor;
    private static delegate* unmanaged[Cdecl]<IntPtr, byte*, void> glfwSetWindowTitle;
    private static delegate* unmanaged[Cdecl]<byte*, IntPtr> glfwGetProcAddress;

    /// <summary>Loads the library (once) and initialises GLFW. Throws <see cref="GlfwException"/> with a hint on failure.</summary>
    public static void Init()
    {
        Load();
        glfwSetErrorCallback(Marshal.GetFunctionPointerForDelegate(ErrorHandler));
        TakeError();
        if (glfwInit() == True)
            return;

        var (code, message) = TakeError();
        if (OperatingSystem.IsLinux() && NoDisplay(message))
            throw new GlfwException($"no display: set DISPLAY or run with --headless (GLFW: {message})", code);
        throw new GlfwException($"GLFW could not initialise: {message}", code);
    }

    public static void Terminate() => glfwTerminate();

    public static string VersionString => Marshal.PtrToStringUTF8((IntPtr)glfwGetVersionString()) ?? "?";

    public static void DefaultWindowHints() => glfwDefaultWindowHints();

    public static void WindowHint(int hint, int value) => glfwWindowHint(hint, value);

    /// <summary>Creates a window (windowed when <paramref name="monitor"/> is zero); throws on failure.</summary>
    public static IntPtr CreateWindow(int width, int height, string title, IntPtr monitor = 0)
    {
        IntPtr window;
        fixed (byte* utf8 = Utf8(title))
            window = glfwCreateWindow(width, height, utf8, monitor, IntPtr.Zero);
        if (window != IntPtr.Zero)
            return window;

        var (code, message) = TakeError();
        string hint = code is ApiUnavailable or VersionUnavailable
            ? " (this needs OpenGL 3.3 core; with Mesa try LIBGL_ALWAYS_SOFTWARE=1)"
            : "";
        throw new GlfwException($"could not create a {width}x{height} OpenGL 3.3 core window: {message}{hint}", code);
    }

    public static void DestroyWindow(IntPtr window) => glfwDestroyWindow(window);

    public static void MakeContextCurrent(IntPtr window) => glfwMakeContextCurrent(window);

    public static void SwapInterval(int interval) => glfwSwapInterval(interval);

    public static void SwapBuffers(IntPtr window) => glfwSwapBuffers(window);

    public static void PollEvents() => glfwPollEvents();

    public static bool WindowShouldClose(IntPtr window) => glfwWindowShouldClose(window) == True;

    public static void SetWindowShouldClose(IntPtr window, bool value) => glfwSetWindowShouldClose(window, value ? True : False);

    public static (int Width, int Height) GetFramebufferSize(IntPtr window)
    {
        int width, height;
        glfwGetFramebufferSize(window, &width, &height);
        return (width, height);
    }

    public static (int X, int Y) GetWindowPos(IntPtr window)
    {
        int x, y;
        glfwGetWindowPos(window, &x, &y);
        return (x, y);
    }

    public static (int Width, int Height) GetWindowSize(IntPtr window)
    {
        int width, height;
        glfwGetWindowSize(window, &width, &height);
        return (width, height);
    }

    /// <summary>Installs <paramref name="callback"/>; the caller must keep the delegate alive while it is installed.</summary>
    public static void SetKeyCallback(IntPtr window, KeyCallback? callback) =>
        glfwSetKeyCallback(window, callback is null ? IntPtr.Zero : Marshal.GetFunctionPointerForDelegate(callback));

    public static IntPtr GetPrimaryMonitor() => glfwGetPrimaryMonitor();

    public static VideoMode GetVideoMode(IntPtr monitor)
    {
        VideoMode* mode = glfwGetVideoMode(monitor);
        if (mode == null)
            throw new GlfwException($"could not read the monitor's video mode: {TakeError().Message}");
        return *mode;
    }

    public static IntPtr GetWindowMonitor(IntPtr window) => glfwGetWindowMonitor(window);

    /// <summary>Makes the window fullscreen on <paramref name="monitor"/>, or windowed at the given rectangle when it is zero.</summary>
    public static void SetWindowMonitor(IntPtr window, IntPtr monitor, int x, int y, int width, int height, int refreshRate) =>
        glfwSetWindowMonitor(window, monitor, x, y, width, height, refreshRate);

    public static void SetWindowTitle(IntPtr window, string title)
    {
        fixed (byte* utf8 = Utf8(title))
            glfwSetWindowTitle(window, utf8);
    }

    /// <summary>Address of an OpenGL function for the current context (zero when unknown).</summary>
    public static IntPtr GetProcAddress(string name)
    {
        fixed (byte* utf8 = Utf8(name))
            return glfwGetProcAddress(utf8);
    }

    /// <summary>The last error GLFW reported on this thread (cleared by reading it).</summary>
    public static (int Code, string Message) TakeError()
    {
        var error = (lastErrorCode, lastError ?? "no error reported");
        lastErrorCode = 0;
        lastError = null;
        return error;
    }

    private static void OnError(int code, IntPtr description)
    {
        // Runs inside a native GLFW call: never throw here, only record.
        lastErrorCode = code;
        lastError = Marshal.PtrToStringUTF8(description) ?? $"error 0x{code:X}";
    }

    private static bool NoDisplay(string message) =>
        string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY"))
        || message.Contains("display", StringComparison.OrdinalIgnoreCase);

    private static byte[] Utf8(string text)
    {
        var bytes = new byte[System.Text.Encoding.UTF8.GetByteCount(text) + 1];
        System.Text.Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }

    private static void Load()
    {
        lock (LoadLock)
        {
            if (library != IntPtr.Zero)
                return;

            IntPtr handle = IntPtr.Zero;
            foreach (string name in LibraryNames)
            {
                if (NativeLibrary.TryLoad(name, typeof(Glfw).Assembly, null, out handle))
                    break;
            }
            if (handle == IntPtr.Zero)
            {
                string install = OperatingSystem.IsWindows()
                    ? "put glfw3.dll (64-bit) next to livestyle.exe"
                    : "install GLFW 3 (Debian/Ubuntu: apt install libglfw3)";
                throw new GlfwException($"GLFW 3 library not found (tried {string.Join(", ", LibraryNames)}): {install}");
            }

            glfwInit = (delegate* unmanaged[Cdecl]<int>)Export(handle, "glfwInit");
            glfwTerminate = (delegate* unmanaged[Cdecl]<void>)Export(handle, "glfwTerminate");
            glfwSetErrorCallback = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr>)Export(handle, "glfwSetErrorCallback");
            glfwGetVersionString = (delegate* unmanaged[Cdecl]<byte*>)Export(handle, "glfwGetVersionString");
            glfwDefaultWindowHints = (delegate* unmanaged[Cdecl]<void>)Export(handle, "glfwDefaultWindowHints");
            glfwWindowHint = (delegate* unmanaged[Cdecl]<int, int, void>)Export(handle, "glfwWindowHint");
            glfwCreateWindow = (delegate* unmanaged[Cdecl]<int, int, byte*, IntPtr, IntPtr, IntPtr>)Export(handle, "glfwCreateWindow");
            glfwDestroyWindow = (delegate* unmanaged[Cdecl]<IntPtr, void>)Export(handle, "glfwDestroyWindow");
            glfwMakeContextCurrent = (delegate* unmanaged[Cdecl]<IntPtr, void>)Export(handle, "glfwMakeContextCurrent");
            glfwSwapInterval = (delegate* unmanaged[Cdecl]<int, void>)Export(handle, "glfwSwapInterval");
            glfwSwapBuffers = (delegate* unmanaged[Cdecl]<IntPtr, void>)Export(handle, "glfwSwapBuffers");
            glfwPollEvents = (delegate* unmanaged[Cdecl]<void>)Export(handle, "glfwPollEvents");
            glfwWindowShouldClose = (delegate* unmanaged[Cdecl]<IntPtr, int>)Export(handle, "glfwWindowShouldClose");
            glfwSetWindowShouldClose = (delegate* unmanaged[Cdecl]<IntPtr, int, void>)Export(handle, "glfwSetWindowShouldClose");
            glfwGetFramebufferSize = (delegate* unmanaged[Cdecl]<IntPtr, int*, int*, void>)Export(handle, "glfwGetFramebufferSize");
            glfwGetWindowPos = (delegate* unmanaged[Cdecl]<IntPtr, int*, int*, void>)Export(handle, "glfwGetWindowPos");
            glfwGetWindowSize = (delegate* unmanaged[Cdecl]<IntPtr, int*, int*, void>)Export(handle, "glfwGetWindowSize");
            glfwSetKeyCallback = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, IntPtr>)Export(handle, "glfwSetKeyCallback");
            glfwGetPrimaryMonitor = (delegate* unmanaged[Cdecl]<IntPtr>)Export(handle, "glfwGetPrimaryMonitor");
            glfwGetVideoMode = (delegate* unmanaged[Cdecl]<IntPtr, VideoMode*>)Export(handle, "glfwGetVideoMode");
            glfwGetWindowMonitor = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr>)Export(handle, "glfwGetWindowMonitor");
            glfwSetWindowMonitor = (delegate* unmanaged[Cdecl]<IntPtr, IntPtr, int, int, int, int, int, void>)Export(handle, "glfwSetWindowMonitor");
            glfwSetWindowTitle = (delegate* unmanaged[Cdecl]<IntPtr, byte*, void>)Export(handle, "glfwSetWindowTitle");
            glfwGetProcAddress = (delegate* unmanaged[Cdecl]<byte*, IntPtr>)Export(handle, "glfwGetProcAddress");
            library = handle;
        }
    }

    private static IntPtr Export(IntPtr handle, string name) =>
        NativeLibrary.TryGetExport(handle, name, out IntPtr address)
            ? address
            : throw new GlfwException($"the GLFW library has no {name}: GLFW 3.3 or newer is needed");
}
