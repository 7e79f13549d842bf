using System.Diagnostics;
using System.Globalization;

namespace LiveStyle.Tests.Outputs;

/// <summary>A video file read back by ffprobe: decoded frames and duration (NaN when the container does not say: a file cut short).</summary>
internal sealed record FfprobeResult(int Frames, double Seconds)
{
    public static bool IsAvailable { get; } = (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Any(dir => File.Exists(Path.Combine(dir, "ffprobe")));

    /// <summary>Decodes every frame; throws with ffprobe's message when the file does not read.</summary>
    public static FfprobeResult Of(string file)
    {
        var start = new ProcessStartInfo("ffprobe")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "-v", "error", "-count_frames", "-select_streams", "v:0",
                     "-show_entries", "stream=nb_read_frames:format=duration", "-of", "default=noprint_wrappers=1", file })
            start.ArgumentList.Add(arg);
        using var probe = Process.Start(start)!;
        var output = probe.StandardOutput.ReadToEnd();
        var errors = probe.StandardError.ReadToEnd();
        probe.WaitForExit();
        var values = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0].Trim(), p => p[1].Trim());
        if (probe.ExitCode != 0 || !values.TryGetValue("nb_read_frames", out var frames) || !int.TryParse(frames, out var count))
            throw new InvalidOperationException($"ffprobe cannot read {file} (exit {probe.ExitCode}): {errors.Trim()} {output.Trim()}");
        var seconds = values.TryGetValue("duration", out var duration) && double.TryParse(duration, CultureInfo.InvariantCulture, out var s) ? s : double.NaN;
        return new FfprobeResult(count, seconds);
    }
}
