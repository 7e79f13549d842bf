using System.Diagnostics;
using LiveStyle.Flicker;
using LiveStyle.Core.Temporal;
using OpenCvSharp;

namespace LiveStyle.Bench;

/// <summary>
/// A generated clip passed through a real lossy encoder, as a cheap webcam or a recording would be:
/// written losslessly (FFV1), encoded by the ffmpeg command (MPEG-4 part 2 at a low bitrate) and read back.
/// </summary>
public static class EncodedClips
{
    public static SyntheticClip ThroughMpeg4(SyntheticClip clip, int kilobitsPerSecond, int framesPerSecond)
    {
        var folder = Path.Combine(Path.GetTempPath(), "livestyle-bench-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        try
        {
            var lossless = Path.Combine(folder, "clip.mkv");
            var encoded = Path.Combine(folder, "clip.avi");
            var size = clip.Frames[0].Size();
            using (var writer = new VideoWriter(lossless, FourCC.FromString("FFV1"), framesPerSecond, size))
            {
                if (!writer.IsOpened()) throw new InvalidOperationException("OpenCV cannot write FFV1");
                foreach (var frame in clip.Frames) writer.Write(frame);
            }
            using (var ffmpeg = Process.Start(new ProcessStartInfo("ffmpeg",
                       ["-y", "-loglevel", "error", "-i", lossless, "-c:v", "mpeg4", "-b:v", $"{kilobitsPerSecond}k", encoded]) { RedirectStandardError = true })
                   ?? throw new InvalidOperationException("ffmpeg did not start"))
            {
                var errors = ffmpeg.StandardError.ReadToEnd();
                ffmpeg.WaitForExit();
                if (ffmpeg.ExitCode != 0) throw new InvalidOperationException($"ffmpeg failed: {errors.Trim()}");
            }
            var frames = RecordedClips.Read(encoded, 0, clip.Frames.Count, size.Width, size.Height);
            return new SyntheticClip($"{clip.Name}, MPEG-4 {kilobitsPerSecond} kb/s", frames, clip.Square);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
