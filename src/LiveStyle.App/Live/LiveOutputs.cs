using LiveStyle.Core;
using LiveStyle.Core.Frames;
using LiveStyle.Core.Sinks;
using LiveStyle.Core.Sinks.Recording;
using LiveStyle.Core.Sinks.Stream;
using LiveStyle.Core.Sinks.VirtualCamera;
using LiveStyle.Core.Threading;

namespace LiveStyle.App.Live;

/// <summary>
/// The outputs of the live view: recording (R / --record), snapshots (P) and the other sinks,
/// fed with every new stylized frame by the window or headless loop. A sink that cannot start
/// is reported and the live view goes on; a recording asked for with --record that did not start
/// or stopped early is kept as <see cref="RecordingFailure"/> (the run then exits non-zero).
/// Disposing finishes every output and waits for snapshots still being written.
/// </summary>
public sealed class LiveOutputs : IDisposable
{
    private readonly LiveOptions _options;
    private readonly LiveLog _log;
    private readonly double _sourceFps;
    private readonly SinkSet _sinks;
    private readonly List<Task> _snapshots = [];
    private readonly SinkRunner? _requestedRecording;
    private volatile string? _recordingFailure;
    private StylizedFrame? _latest;
    private bool _paused;

    /// <param name="frames">The pool of the frames that will be offered (the pipeline's output): sinks share them without copies.</param>
    public LiveOutputs(LiveOptions options, LiveLog log, double sourceFps, LatestMailbox<StylizedFrame> frames)
    {
        _options = options;
        _log = log;
        _sourceFps = sourceFps;
        _sinks = new SinkSet(frames, log.Write);
        _sinks.Finished += runner =>
        {
            if (!ReferenceEquals(runner, _requestedRecording)) return;
            if (runner.Error is { } error) _recordingFailure = error;
            else if (runner.Sink is VideoRecorderSink { FramesWritten: 0 }) _recordingFailure = "no stylized frame was recorded";
        };
        if (options.Record is { } path)
        {
            _requestedRecording = StartRecording(path);
            if (_requestedRecording is null) _recordingFailure = $"the recording asked for with --record {path} did not start";
        }
        if (options.VirtualCamera) ToggleVirtualCamera();
        if (options.StreamPort is { } port) StartStream(port, options.StreamFps);
    }

    public bool IsRecording => _sinks.Find<VideoRecorderSink>() is not null;
    public bool IsVirtualCameraOn => _sinks.Find<VirtualCameraSink>() is { IsRunning: true };

    /// <summary>Why the recording asked for on the command line failed; read after <see cref="Dispose"/>. Null when it did not.</summary>
    public string? RecordingFailure => _recordingFailure;

    /// <summary>Hands a new stylized frame to every sink; remembers it for snapshots. Unstylized frames (models still building) are not output.</summary>
    public void Offer(StylizedFrame frame)
    {
        if (frame.Passthrough) return;
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

    private void StartStream(int port, float? framesPerSecond)
    {
        try
        {
            var stream = new MjpegStreamSink(port, new MjpegStreamOptions { FramesPerSecond = framesPerSecond }, _log.Write);
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
        var (_, written) = Core.Sinks.Snapshot.Save(_latest, _options.SnapshotsDirectory, _log.Write);
        _snapshots.RemoveAll(t => t.IsCompleted);
        _snapshots.Add(written);
    }

    public string Describe() => _sinks.Describe();

    private string DefaultExtension => _options.Codec == VideoCodec.H264 ? ".mp4" : ".mkv";

    private SinkRunner? StartRecording(string path)
    {
        try
        {
            var fps = _options.RecordFps ?? _sourceFps;
            var recorder = new VideoRecorderSink(path, _options.Codec, fps);
            var runner = _sinks.Add(recorder);
            _log.Write(recorder.Format.UseFfmpeg
                ? $"recording to {recorder.PathName} ({recorder.Format.Codec} via ffmpeg, each stylized frame once with its time, at most {fps:0.##} fps)"
                : $"recording to {recorder.PathName} at {fps:0.##} fps ({recorder.Format.Codec} via OpenCV: ffmpeg was not found, so frames are repeated to hold the rate and a killed LiveStyle leaves .mp4/.mov unplayable)");
            return runner;
        }
        catch (LiveStyleException e)
        {
            _log.Write($"recording not started: {e.Message}");
            return null;
        }
    }

    /// <summary>Finishes every output (recordings finalized) and waits for snapshots still being written.</summary>
    public void Dispose()
    {
        _sinks.Dispose();
        Task.WaitAll([.. _snapshots]);
    }
}
