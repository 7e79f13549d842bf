using OpenCvSharp;

namespace LiveStyle.Core.Sinks.Recording;

/// <summary>Writes 8-bit BGR frames of one size to a video file.</summary>
public interface IVideoEncoder : IDisposable
{
    void Write(Mat bgr);
    /// <summary>Finalizes the file (trailer, index); the file is playable afterwards.</summary>
    void Close();
}
