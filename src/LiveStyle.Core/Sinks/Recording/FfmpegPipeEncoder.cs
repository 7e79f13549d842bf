using System.Diagnostics;
using System.Globalization;
using OpenCvSharp;

namespace LiveStyle.Core.Sinks.Recording;

/// <summary>
/// Pipes raw BGR frames to the system ffmpeg: H.264 (libx264), MPEG-4 part 2 (mp4v), MJPEG or
/// FFV1. Every container survives a killed LiveStyle: ffmpeg sees its input end and finalizes
/// the file; MP4/MOV are written fragmented and MKV in short clusters, so even a killed ffmpeg
/// leaves a playable file up to about the last second.
/// With <c>liveTimestamps</c> frames go with their own times (<see cref="WriteAt"/>, through a
/// minimal Matroska stream) and each is encoded once (variable frame rate; AVI, which cannot hold
/// that, gets ffmpeg's constant rate instead); otherwise raw frames are numbered at <c>fps</c>
/// (whole-video stylization keeps every frame).
/// </summary>
public sealed class FfmpegPipeEncoder : IVideoEncoder
{
    private readonly Process _ffmpeg;
    private readonly System.IO.Stream _input;
    private readonly string _path;
    private readonly int _frameBytes;
    private readonly System.Text.StringBuilder _errors = new();
    private readonly RawMatroskaWriter? _timed;

    public static bool IsAvailable { get; } = FindFfmpeg() is not null;

    public FfmpegPipeEncoder(string path, VideoCodec codec, double fps, int width, int height, bool liveTimestamps = false)
    {
        _path = path;
        _frameBytes = width * height * 3;
        var start = new ProcessStartInfo(FindFfmpeg() ?? throw new LiveStyleException("ffmpeg not found on PATH"))
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in Arguments(path, codec, fps, width, height, liveTimestamps)) start.ArgumentList.Add(arg);

        _ffmpeg = Process.Start(start) ?? throw new LiveStyleException("could not start ffmpeg");
        _ffmpeg.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_errors) _errors.AppendLine(e.Data); };
        _ffmpeg.BeginErrorReadLine();
        _input = _ffmpeg.StandardInput.BaseStream;
        if (liveTimestamps)
        {
            try
            {
                _timed = new RawMatroskaWriter(_input, width, height);
            }
            catch (IOException e)
            {
                throw Stopped(e);
            }
        }
    }

    /// <summary>ffmpeg's command line (without the program) for one recording.</summary>
    public static IEnumerable<string> Arguments(string path, VideoCodec codec, double fps, int width, int height, bool liveTimestamps)
    {
        var rate = fps.ToString("0.###", CultureInfo.InvariantCulture);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        var constantRate = !liveTimestamps || extension == ".avi";
        string[] input = liveTimestamps
            // Timestamped frames in Matroska; its header says everything, so ffmpeg need not read ahead before encoding.
            ? ["-hide_banner", "-loglevel", "error", "-y", "-probesize", "32", "-analyzeduration", "0", "-f", "matroska", "-i", "-"]
            : ["-hide_banner", "-loglevel", "error", "-y", "-f", "rawvideo", "-pix_fmt", "bgr24",
               "-s", $"{width}x{height}", "-r", rate, "-i", "-"];
        string[] encode = codec switch
        {
            VideoCodec.H264 => ["-c:v", "libx264", "-preset", "veryfast", "-crf", "20", "-pix_fmt", "yuv420p"],
            VideoCodec.Mp4v => ["-c:v", "mpeg4", "-q:v", "3", "-pix_fmt", "yuv420p"],
            VideoCodec.Mjpg => ["-c:v", "mjpeg", "-q:v", "3", "-pix_fmt", "yuvj420p"],
            _ => ["-c:v", "ffv1", "-level", "3", "-g", "1"],
        };
        string[] timing = !liveTimestamps ? []
            : constantRate ? ["-fps_mode", "cfr", "-r", rate]
            // A key frame each second of the recording's time, so MP4 fragments (cut at key frames) close every second.
            : ["-fps_mode", "passthrough", "-enc_time_base", "1:1000", "-force_key_frames", "expr:gte(t,n_forced*1)"];
        string[] container = extension switch
        {
            ".mkv" => ["-cluster_time_limit", "1000", "-flush_packets", "1"],
            ".mp4" or ".mov" => ["-movflags", "+frag_keyframe+empty_moov+default_base_moof", "-flush_packets", "1"],
            _ => [],
        };
        return input.Concat(encode).Concat(timing).Concat(container).Append(path);
    }

    /// <summary>Writes the next frame at the constant rate (not in live-timestamp mode).</summary>
    public unsafe void Write(Mat bgr)
    {
        if (_timed is not null) throw new InvalidOperationException("this recording takes timestamped frames: use WriteAt");
        var pixels = new ReadOnlySpan<byte>((void*)Pixels(bgr), _frameBytes);
        try
        {
            _input.Write(pixels);
        }
        catch (IOException e)
        {
            throw Stopped(e);
        }
    }

    /// <summary>Writes a frame shown at <paramref name="milliseconds"/> from the start (live-timestamp mode; strictly increasing).</summary>
    public unsafe void WriteAt(Mat bgr, long milliseconds)
    {
        if (_timed is null) throw new InvalidOperationException("this recording runs at a constant rate: use Write");
        var pixels = new ReadOnlySpan<byte>((void*)Pixels(bgr), _frameBytes);
        try
        {
            _timed.Write(pixels, milliseconds);
        }
        catch (IOException e)
        {
            throw Stopped(e);
        }
    }

    private IntPtr Pixels(Mat bgr)
    {
        if (!bgr.IsContinuous() || bgr.Type() != MatType.CV_8UC3 || (long)bgr.Cols * bgr.Rows * 3 != _frameBytes)
            throw new ArgumentException("frames must be continuous 8-bit BGR of the recording's size");
        return bgr.Data;
    }

    private LiveStyleException Stopped(IOException e) =>
        new($"recording to {_path} failed: ffmpeg stopped ({Errors(e.Message)})", e);

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
