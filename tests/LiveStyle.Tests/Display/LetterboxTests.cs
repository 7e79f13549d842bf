using LiveStyle.App.Display;
using NUnit.Framework;

namespace LiveStyle.Tests.Display;

public class LetterboxTests
{
    [TestCase(320, 240, 640, 360, 80, 0, 480, 360, TestName = "4:3 in 16:9: bars left and right")]
    [TestCase(640, 360, 640, 480, 0, 60, 640, 360, TestName = "16:9 in 4:3: bars top and bottom")]
    [TestCase(320, 180, 640, 360, 0, 0, 640, 360, TestName = "same aspect: fills, upscaled")]
    [TestCase(1920, 1080, 640, 360, 0, 0, 640, 360, TestName = "same aspect: fills, downscaled")]
    [TestCase(100, 100, 301, 200, 50, 0, 200, 200, TestName = "odd remainder goes to the right")]
    public void Fit_KeepsAspectAndCentres(int cw, int ch, int tw, int th, int x, int y, int w, int h) =>
        Assert.That(Letterbox.Fit(cw, ch, tw, th), Is.EqualTo(new PixelRect(x, y, w, h)));

    [TestCase(0, 240, 640, 360)]
    [TestCase(320, 240, 0, 360)]
    [TestCase(320, 240, 640, -1)]
    public void Fit_EmptyWhenAnySizeIsNotPositive(int cw, int ch, int tw, int th) =>
        Assert.That(Letterbox.Fit(cw, ch, tw, th).IsEmpty, Is.True);

    [Test]
    public void Fit_NeverExceedsTarget_AndTouchesTwoSides()
    {
        var random = new Random(7);
        for (int i = 0; i < 1000; i++)
        {
            int cw = random.Next(1, 4000), ch = random.Next(1, 4000), tw = random.Next(1, 4000), th = random.Next(1, 4000);
            var r = Letterbox.Fit(cw, ch, tw, th);
            Assert.That(r.X >= 0 && r.Y >= 0 && r.X + r.Width <= tw && r.Y + r.Height <= th, Is.True, $"{cw}x{ch} in {tw}x{th}: {r}");
            Assert.That(r.Width == tw || r.Height == th, Is.True, $"{cw}x{ch} in {tw}x{th}: {r}");
        }
    }
}
