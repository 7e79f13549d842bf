using System.Diagnostics;
using System.Globalization;
using OpenCvSharp;

namespace LiveStyle.Core.Sinks.Recording;

/// <summary>
/// Pipes raw BGR frames to the system ffmpeg: H.264 (libx264) or FFV1. Matroska output is
/// written in short clusters, and ffmpeg finalizes the file when its input ends, even when
/// LiveStyle itself is killed, so a crash leaves a playable file up to about the last second.
/// </summary>
public sealed class FfmpegPipeEncoder : IVideoEncoder
{
    private readonly Process _ffmpeg;
    private readonly System.IO.Stream _input;
    private readonly string _path;
    private readonly int _frameBytes;
    private readonly System.Text.StringBuilder _errors = new();

    public static bool IsAvailable { get; } = FindFfmpeg() is not null;

    public FfmpegPipeEncoder(string path, VideoCodec codec, double fps, int width, int height)
    {
        _path = path;
        _frameBytes = width * height * 3;
        var start = new ProcessStartInfo(FindFfmpeg() ?? throw new LiveStyleException("ffmpeg not found on PATH"))
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] input = ["-hide_banner", "-loglevel", "error", "-y", "-f", "rawvideo", "-pix_fmt", "bgr24",
            "-s", $"{width}x{height}", "-r", fps.ToString("0.###", CultureInfo.InvariantCulture), "-i", "-"];
        string[] encode = codec == VideoCodec.H264
            ? ["-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p"]
            : ["-c:v", "ffv1", "-level", "3", "-g", "1"];
        string[] container = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".mkv" => ["-cluster_time_limit", "1000", "-flush_packets", "1"],
            ".mp4" or ".mov" => ["-movflags", "+frag_keyframe+empty_moov+default_base_moof"],
            _ => [],
        };
        foreach (var arg in input.Concat(encode).Concat(container).Append(path)) start.ArgumentList.Add(arg);

        _ffmpeg = Process.Start(start) ?? throw new LiveStyleException("could not start ffmpeg");
        _ffmpeg.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_errors) _errors.AppendLine(e.Data); };
        _ffmpeg.BeginErrorReadLine();
        _input = _ffmpeg.StandardInput.BaseStream;
    }

    public unsafe void Write(Mat bgr)
    {
        if (!bgr.IsContinuous()) throw new ArgumentException("frames must be continuous");
        try
        {
            _input.Write(new ReadOnlySpan<byte>((void*)bgr.Data, _frameBytes));
        }
        catch (IOException e)
        {
            throw new LiveStyleException($"recording to {_path} failed: ffmpeg stopped ({Errors(e.Message)})", e);
        }
    }

    public void Close()
    {
        try
        {
            _input.Close();
        }
        catch (IOException)
        {
            // ffmpeg already gone; its exit code tells.
        }
        if (!_ffmpeg.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            _ffmpeg.Kill();
            throw new LiveStyleException($"ffmpeg did not finish writing {_path} within 30 s");
        }
        _ffmpeg.WaitForExit();
        if (_ffmpeg.ExitCode != 0)
            throw new LiveStyleException($"ffmpeg failed writing {_path} (exit code {_ffmpeg.ExitCode}): {Errors("no message")}");
    }

    private string Errors(string fallback)
    {
        lock (_errors) return _errors.Length > 0 ? _errors.ToString().Trim() : fallback;
    }

    public void Dispose()
    {
        if (!_ffmpeg.HasExited)
        {
            try { _input.Close(); } catch (IOException) { }
            if (!_ffmpeg.WaitForExit(TimeSpan.FromSeconds(10))) _ffmpeg.Kill();
        }
        _ffmpeg.Dispose();
    }

    private static string? FindFfmpeg()
    {
        var name = OperatingSystem.IsWindows() ? "ffmpeg.exe" : "ffmpeg";
        return (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
    }
}
