namespace LiveStyle.Core.Sinks.Recording;

public enum VideoCodec { Auto, Mp4v, Mjpg, Ffv1, H264 }

/// <summary>
/// How a recording is written: the codec follows the file extension (mp4v .mp4/.mov, MJPG .avi,
/// FFV1 .mkv) unless --codec says otherwise. Every container goes through the system ffmpeg when
/// it is installed, because a pipe survives a killed LiveStyle (ffmpeg sees the end of its input
/// and finalizes the file) and ffmpeg can stamp each frame with its time. Without ffmpeg,
/// OpenCV's writer is used (constant rate; a killed LiveStyle leaves .mp4/.mov unplayable), and
/// H.264 is refused.
/// </summary>
public sealed record RecordingFormat(VideoCodec Codec, bool UseFfmpeg)
{
    public static VideoCodec ParseCodec(string text) => text.ToLowerInvariant() switch
    {
        "auto" => VideoCodec.Auto,
        "mp4v" => VideoCodec.Mp4v,
        "mjpg" or "mjpeg" => VideoCodec.Mjpg,
        "ffv1" => VideoCodec.Ffv1,
        "h264" or "avc" or "x264" => VideoCodec.H264,
        _ => throw new LiveStyleException($"unknown --codec '{text}': use mp4v, mjpg, ffv1 or h264"),
    };

    public static RecordingFormat For(string path, VideoCodec requested, bool ffmpegAvailable)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is not (".mp4" or ".avi" or ".mkv" or ".mov"))
            throw new LiveStyleException($"cannot record to {path}: use a .mp4, .avi, .mkv or .mov file");
        var codec = requested != VideoCodec.Auto ? requested : extension switch
        {
            ".avi" => VideoCodec.Mjpg,
            ".mkv" => VideoCodec.Ffv1,
            _ => VideoCodec.Mp4v,
        };
        if (codec == VideoCodec.H264)
        {
            if (!ffmpegAvailable)
                throw new LiveStyleException("H.264 recording needs the ffmpeg program (Debian/Ubuntu: sudo apt install ffmpeg; Windows: put ffmpeg.exe on PATH), or use --codec mp4v");
            return new RecordingFormat(codec, UseFfmpeg: true);
        }
        return new RecordingFormat(codec, UseFfmpeg: ffmpegAvailable);
    }
}
