using LiveStyle.Core;
using LiveStyle.Core.Frames;
using LiveStyle.Core.Sinks;
using LiveStyle.Core.Sinks.Recording;
using LiveStyle.Core.Sinks.Stream;
using LiveStyle.Core.Sinks.VirtualCamera;

namespace LiveStyle.App.Live;

/// <summary>
/// The outputs of the live view: recording (R / --record), snapshots (P) and the other sinks,
/// fed with every new stylized frame by the window or headless loop. A sink that cannot start
/// is reported and the live view goes on.
/// </summary>
public sealed class LiveOutputs : IDisposable
{
    private readonly LiveOptions _options;
    private readonly LiveLog _log;
    private readonly double _sourceFps;
    private readonly SinkSet _sinks;
    private StylizedFrame? _latest;
    private bool _paused;

    public LiveOutputs(LiveOptions options, LiveLog log, double sourceFps)
    {
        _options = options;
        _log = log;
        _sourceFps = sourceFps;
        _sinks = new SinkSet(log.Write);
        if (options.Record is { } path) StartRecording(path);
        if (options.VirtualCamera) ToggleVirtualCamera();
        if (options.StreamPort is { } port) StartStream(port);
    }

    public bool IsRecording => _sinks.Find<VideoRecorderSink>() is not null;
    public bool IsVirtualCameraOn => _sinks.Find<VirtualCameraSink>() is { IsRunning: true };

    /// <summary>Hands a new frame to every sink; remembers it for snapshots.</summary>
    public void Offer(StylizedFrame frame)
    {
        _latest = frame;
        _sinks.Offer(frame);
    }

    /// <summary>Forgets the frame when its owner gives it back to the pool.</summary>
    public void Release(StylizedFrame frame)
    {
        if (ReferenceEquals(_latest, frame)) _latest = null;
    }

    public void ToggleRecording()
    {
        if (_sinks.Find<VideoRecorderSink>() is { } running)
        {
            _sinks.Remove(running);
            return;
        }
        var directory = _options.RecordingsDirectory;
        StartRecording(Path.Combine(directory, $"livestyle-{DateTime.Now:yyyyMMdd-HHmmss}{DefaultExtension}"));
    }

    public void ToggleVirtualCamera()
    {
        if (_sinks.Find<VirtualCameraSink>() is { } running)
        {
            _sinks.Remove(running);
            return;
        }
        try
        {
            var camera = VirtualCameraSinks.Open(_options.VirtualCameraDevice, _options.VirtualCameraOutput, _log.Write);
            camera.Paused = _paused;
            _sinks.Add(camera);
        }
        catch (LiveStyleException e)
        {
            _log.Write($"virtual camera not started: {e.Message}");
        }
    }

    /// <summary>Tells the outputs the live view is paused: the virtual camera then sends a still "paused" picture.</summary>
    public void SetPaused(bool paused)
    {
        _paused = paused;
        if (_sinks.Find<VirtualCameraSink>()?.Sink is VirtualCameraSink camera) camera.Paused = paused;
    }

    private void StartStream(int port)
    {
        try
        {
            var stream = new MjpegStreamSink(port, log: _log.Write);
            _sinks.Add(stream);
            _log.Write($"streaming MJPEG at {stream.Server.Url} (open it in a browser, or as an OBS media source: {stream.Server.Url}stream)");
        }
        catch (LiveStyleException e)
        {
            _log.Write($"stream not started: {e.Message}");
        }
    }

    public void Snapshot()
    {
        if (_latest is null)
        {
            _log.Write("no stylized frame yet to save");
            return;
        }
        Core.Sinks.Snapshot.Save(_latest, _options.SnapshotsDirectory, _log.Write);
    }

    public string Describe() => _sinks.Describe();

    private string DefaultExtension => _options.Codec == VideoCodec.H264 ? ".mp4" : ".mkv";

    private void StartRecording(string path)
    {
        try
        {
            var fps = _options.RecordFps ?? _sourceFps;
            var recorder = new VideoRecorderSink(path, _options.Codec, fps);
            _sinks.Add(recorder);
            _log.Write($"recording to {recorder.PathName} at {fps:0.##} fps ({recorder.Format.Codec}{(recorder.Format.UseFfmpeg ? " via ffmpeg" : "")})");
        }
        catch (LiveStyleException e)
        {
            _log.Write($"recording not started: {e.Message}");
        }
    }

    public void Dispose() => _sinks.Dispose();
}
