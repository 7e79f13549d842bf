using LiveStyle.Core.Frames;

namespace LiveStyle.Core.Sinks;

/// <summary>
/// Something that consumes stylized frames: a recorder, a virtual camera, a network stream.
/// Each sink runs on its own thread behind a <see cref="SinkRunner"/> with a bounded queue, so a
/// slow or failing sink never stalls the live view. <see cref="Write"/> is called on that thread only.
/// </summary>
public interface IFrameSink : IDisposable
{
    /// <summary>What the overlay and log call it ("recording clip.mkv", "virtual camera /dev/video10").</summary>
    string Name { get; }

    /// <summary>
    /// Consumes one frame. The frame belongs to the runner and is valid only during the call.
    /// A <see cref="LiveStyleException"/> stops this sink with its message; the live view goes on.
    /// </summary>
    void Write(StylizedFrame frame);

    /// <summary>Finishes the output (flush, finalize the file); called once, on the sink's thread, after the last Write.</summary>
    void Complete();
}

/// <summary>A sink with counters of its own worth showing (e.g. a recorder's repeated frames).</summary>
public interface IReportsStatistics
{
    string Statistics { get; }
}
