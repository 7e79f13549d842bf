using OpenCvSharp;

namespace LiveStyle.Core.Imaging;

/// <summary>Loads OpenCV's native library once, so a missing system dependency is one clear error instead of a type-initializer stack trace later.</summary>
public static class OpenCvNative
{
    /// <summary>Throws a <see cref="LiveStyleException"/> saying what to install when OpenCV's native library cannot load.</summary>
    public static void Require()
    {
        try
        {
            _ = Cv2.GetVersionString();
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or BadImageFormatException or EntryPointNotFoundException)
        {
            var reason = (e.InnerException ?? e).Message.Split('\n')[0];
            throw new LiveStyleException(
                $"OpenCV's native library cannot load ({reason}). On Debian/Ubuntu install its dependencies: apt install libgtk-3-0 (bash .ci/run installs everything the project needs).", e);
        }
    }
}
