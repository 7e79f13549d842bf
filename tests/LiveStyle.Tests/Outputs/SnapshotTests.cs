using LiveStyle.Core.Frames;
using LiveStyle.Core.Sinks;
using NUnit.Framework;
using OpenCvSharp;

namespace LiveStyle.Tests.Outputs;

public class SnapshotTests
{
    [Test]
    public void SavesTheStylizedFrameAndTheOriginalWithATimestampedName()
    {
        var dir = TestEnvironment.NewTempDirectory();
        try
        {
            using var frame = new StylizedFrame();
            frame.Stylized.Create(40, 60, MatType.CV_8UC3);
            frame.Stylized.SetTo(new Scalar(10, 200, 30));
            frame.Original.Create(90, 160, MatType.CV_8UC3);
            frame.Original.SetTo(new Scalar(250, 5, 5));
            var messages = new List<string>();
            var (path, written) = Snapshot.Save(frame, dir, m => { lock (messages) messages.Add(m); }, new DateTime(2026, 11, 24, 7, 30, 15, 250));
            frame.Stylized.SetTo(new Scalar(0, 0, 0));   // the snapshot was copied at the key press

            Assert.That(path, Does.EndWith("livestyle-20261124-073015-250.png"));
            Assert.That(written.Wait(TimeSpan.FromSeconds(10)), "the snapshot task ends");
            Assert.That(messages, Has.Some.StartsWith("snapshot saved"));
            using var stylized = Cv2.ImRead(path);
            using var original = Cv2.ImRead(Path.Combine(dir, "livestyle-20261124-073015-250-original.png"));
            Assert.That((stylized.Width, stylized.Height), Is.EqualTo((60, 40)));
            Assert.That(stylized.At<Vec3b>(5, 5), Is.EqualTo(new Vec3b(10, 200, 30)));
            Assert.That((original.Width, original.Height), Is.EqualTo((160, 90)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
