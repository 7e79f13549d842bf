using LiveStyle.Core.Frames;
using LiveStyle.Core.Imaging;
using OpenCvSharp;

namespace LiveStyle.Core.Sinks;

/// <summary>Saves the current stylized frame and its original as PNGs with a timestamped name.</summary>
public static class Snapshot
{
    /// <summary>
    /// Copies the frame now and writes both files on a background task; returns the stylized
    /// file's path and that task (which never faults), so a caller can wait for it before exiting.
    /// </summary>
    public static (string Path, Task Written) Save(StylizedFrame frame, string directory, Action<string>? log, DateTime? now = null)
    {
        var stamp = (now ?? DateTime.Now).ToString("yyyyMMdd-HHmmss-fff", System.Globalization.CultureInfo.InvariantCulture);
        var stylizedPath = Path.Combine(directory, $"livestyle-{stamp}.png");
        var originalPath = Path.Combine(directory, $"livestyle-{stamp}-original.png");
        var stylized = frame.Stylized.Clone();
        var original = frame.Original.Clone();
        var written = Task.Run(() =>
        {
            try
            {
                ImageFile.WriteBgr(stylized, stylizedPath);
                ImageFile.WriteBgr(original, originalPath);
                log?.Invoke($"snapshot saved: {stylizedPath}");
            }
            catch (Exception e)
            {
                log?.Invoke($"snapshot not saved: {e.Message}");
            }
            finally
            {
                stylized.Dispose();
                original.Dispose();
            }
        });
        return (stylizedPath, written);
    }
}
