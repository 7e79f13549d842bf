using OpenCvSharp;

namespace LiveStyle.Core.Sources;

/// <summary>A video file played at its own frame rate, looping at the end.</summary>
public sealed class VideoFileSource : IFrameSource
{
    private const double FallbackFps = 30;
    private readonly string _path;
    private VideoCapture _capture;

    public VideoFileSource(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        _path = path;
        Name = Path.GetFileName(path);
        if (Directory.Exists(path)) throw new LiveStyleException($"video {path} is a folder, not a video file");
        if (!File.Exists(path)) throw new LiveStyleException($"video not found: {path}");
        if (new FileInfo(path).Length == 0) throw new LiveStyleException($"video {path} is empty (0 bytes): replace it with a real video");

        _capture = OpenCapture(path)
            ?? throw new LiveStyleException($"video {path} could not be opened (corrupt, or a format OpenCV's FFmpeg cannot decode): use an MP4 or AVI file");
        using (var probe = new Mat())
        {
            if (!_capture.Read(probe) || probe.Empty())
            {
                _capture.Dispose();
                throw new LiveStyleException($"video {path} has no readable frames (corrupt or truncated): use another file");
            }
        }
        Rewind();

        var fps = _capture.Get(VideoCaptureProperties.Fps);
        FramesPerSecond = double.IsFinite(fps) && fps > 0 && fps <= 1000 ? fps : FallbackFps;
        FrameCount = Math.Max(0, (int)_capture.Get(VideoCaptureProperties.FrameCount));
        Width = (int)_capture.Get(VideoCaptureProperties.FrameWidth);
        Height = (int)_capture.Get(VideoCaptureProperties.FrameHeight);
    }

    public string Name { get; }
    public double FramesPerSecond { get; }
    public bool IsLive => false;
    /// <summary>Frames in the file as its header says (0 when unknown).</summary>
    public int FrameCount { get; }
    public int Width { get; }
    public int Height { get; }
    /// <summary>How many times playback went back to the start.</summary>
    public int Loops { get; private set; }

    /// <summary>The next frame; at the end, the first frame again. False only when the file became unreadable.</summary>
    public bool Read(Mat bgr)
    {
        if (_capture.Read(bgr) && !bgr.Empty()) return true;

        Loops++;
        Rewind();
        if (_capture.Read(bgr) && !bgr.Empty()) return true;

        // Some containers cannot seek: start over with a fresh capture.
        _capture.Dispose();
        _capture = OpenCapture(_path) ?? new VideoCapture();
        return _capture.IsOpened() && _capture.Read(bgr) && !bgr.Empty();
    }

    public void Dispose() => _capture.Dispose();

    private void Rewind() => _capture.Set(VideoCaptureProperties.PosFrames, 0);

    private static VideoCapture? OpenCapture(string path)
    {
        VideoCapture capture;
        try { capture = new VideoCapture(path, VideoCaptureAPIs.FFMPEG); }
        catch (OpenCVException) { return null; }
        if (capture.IsOpened()) return capture;
        capture.Dispose();
        return null;
    }
}
