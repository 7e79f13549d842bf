using LiveStyle.Core.Threading;
using OpenCvSharp;

namespace LiveStyle.Core.Imaging;

/// <summary>Brings a small RGB image (planes in [0, 1]) up to a larger size, led by a larger picture of the same scene.</summary>
public interface IGuidedUpsampler
{
    int HighWidth { get; }
    int HighHeight { get; }

    /// <param name="low">The small image (e.g. the stylized frame).</param>
    /// <param name="lowContent">The small guide: what <paramref name="low"/> was made from, at its size.</param>
    /// <param name="highGuide">The large guide, 8-bit BGR at <see cref="HighWidth"/>×<see cref="HighHeight"/>.</param>
    /// <param name="output">8-bit BGR at the large size (made so if it is not).</param>
    void Upsample(PlanarImage low, PlanarImage lowContent, Mat highGuide, Mat output, WorkerTeam team);
}
