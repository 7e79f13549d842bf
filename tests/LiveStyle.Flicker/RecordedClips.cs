using LiveStyle.Core;
using OpenCvSharp;

namespace LiveStyle.Flicker;

/// <summary>
/// Real footage for measuring flicker, read where a Debian package installs it (never copied into
/// the checkout): OpenCV's sample <c>vtest.avi</c> from the <c>opencv-doc</c> package, a still camera
/// over a square with people walking past (768×576, 10 frames/s, MPEG-4 part 2 at 816 kb/s, so with
/// codec noise; Apache-2.0 / BSD-3-Clause like OpenCV, see /usr/share/doc/opencv-doc/copyright).
/// </summary>
public static class RecordedClips
{
    public const string PeopleWalkingPath = "/usr/share/doc/opencv-doc/examples/data/vtest.avi";
    public const string PeopleWalkingPackage = "opencv-doc";

    /// <summary>
    /// Frames <paramref name="start"/> … start + frames − 1 of the people-walking clip, scaled to
    /// width × height (area averaging; 384×288 is half its size).
    /// </summary>
    public static SyntheticClip PeopleWalking(int start, int frames, int width = 384, int height = 288)
    {
        if (!File.Exists(PeopleWalkingPath))
            throw new LiveStyleException($"{PeopleWalkingPath} not found: install Debian's {PeopleWalkingPackage} package (apt-get install {PeopleWalkingPackage})");
        return new SyntheticClip($"people walking {start}-{start + frames - 1}", Read(PeopleWalkingPath, start, frames, width, height), []);
    }

    /// <summary>Frames start … start + count − 1 of a video, scaled to width × height; fewer if the video ends first.</summary>
    public static List<Mat> Read(string path, int start, int count, int width, int height)
    {
        using var video = new VideoCapture(path);
        if (!video.IsOpened()) throw new LiveStyleException($"{path}: OpenCV cannot open this video");
        var frames = new List<Mat>();
        using var frame = new Mat();
        for (var index = 0; frames.Count < count && video.Read(frame) && !frame.Empty(); index++)
        {
            if (index < start) continue;
            var scaled = new Mat();
            Cv2.Resize(frame, scaled, new Size(width, height), 0, 0, InterpolationFlags.Area);
            frames.Add(scaled);
        }
        return frames;
    }
}
