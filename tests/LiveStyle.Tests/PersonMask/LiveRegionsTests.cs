using System.Diagnostics;
using LiveStyle.App.Display;
using LiveStyle.App.Live;
using LiveStyle.Core.Frames;
using LiveStyle.Core.Imaging;
using LiveStyle.Core.Networks.PersonMask;
using LiveStyle.Core.Pipeline;
using LiveStyle.Core.Styling;
using LiveStyle.Core.Temporal;
using LiveStyle.Core.Threading;
using LiveStyle.Tests.Live;
using NUnit.Framework;
using OpenCvSharp;

namespace LiveStyle.Tests.PersonMask;

/// <summary>Regions in the live pipeline: composed on the inference thread before the window and the outputs see the frame.</summary>
public class LiveRegionsTests
{
    private string _dir = "";

    [SetUp] public void CreateDirectory() => _dir = TestEnvironment.NewTempDirectory();
    [TearDown] public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    private static StyleEntry GreatWave()
    {
        using var bgr = Cv2.ImRead(Path.Combine(TestEnvironment.StyleImages, "great_wave__hokusai_c1831.jpg"));
        using var small = ImageResize.ShorterSideTo(bgr, 64);
        return new StyleEntry("wave", "wave", TestEnvironment.AdaIn.EncodeStyle(ImageConversion.ToPlanar(small)));
    }

    private static Mat Stylized(StylizeLoop loop, LatestMailbox<StylizedFrame> output, Frame frame)
    {
        loop.Process(frame);
        var result = output.TryTake()!;
        var copy = result.Stylized.Clone();
        output.Return(result);
        return copy;
    }

    [Test]
    public void BackgroundModeKeepsThePersonAsTheCameraSeesItInWhatTheOutputsGet()
    {
        using var input = new LatestMailbox<Frame>(() => new Frame());
        using var output = new LatestMailbox<StylizedFrame>(() => new StylizedFrame());
        var style = GreatWave();
        using var loop = new StylizeLoop(input, output, TestEnvironment.AdaIn, new StyleController(() => [style]), InferenceSize.Parse("256"))
        {
            Temporal = TemporalMode.Off,
        };
        using var frame = new Frame { Sequence = 1, CapturedAt = Stopwatch.GetTimestamp() };
        using (var photo = PersonPhoto.Astronaut.Read()) photo.CopyTo(frame.Bgr);
        using var all = Stylized(loop, output, frame);

        using var regions = LiveRegions.Open(TestEnvironment.Store, StylizedRegions.Background, message => TestContext.Out.WriteLine(message));
        Assert.That(regions.UnavailableReason, Is.Null);
        loop.Regions = regions;
        using var background = Stylized(loop, output, frame);

        using var drawn = PersonPhoto.Astronaut.DrawnMask(512, 512);
        using var drawnSmall = drawn.Resize(new Size(256, 256), 0, 0, InterpolationFlags.Nearest);
        using var inside = drawnSmall.Erode(Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size(15, 15)));
        using var outside = new Mat();
        Cv2.BitwiseNot(drawnSmall.Dilate(Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size(15, 15))), outside);
        using var scaled = new Mat();
        Cv2.Resize(frame.Bgr, scaled, new Size(256, 256), 0, 0, InterpolationFlags.Area);
        Assert.That(MeanAbsDifference(background, scaled, inside), Is.LessThan(6), "the person is the camera frame");
        Assert.That(MeanAbsDifference(background, all, outside), Is.LessThan(10), "the room is stylized");
        Assert.That(MeanAbsDifference(all, scaled, inside), Is.GreaterThan(20), "the full stylization does change the person");

        regions.Mode = StylizedRegions.All;
        using var allAgain = Stylized(loop, output, frame);
        Assert.That(MeanAbsDifference(allAgain, all, inside), Is.LessThan(1), "back to all: the whole frame stylized");
    }

    private static double MeanAbsDifference(Mat a, Mat b, Mat where)
    {
        using var difference = new Mat();
        Cv2.Absdiff(a, b, difference);
        var mean = Cv2.Mean(difference, where);
        return (mean.Val0 + mean.Val1 + mean.Val2) / 3;
    }

    [Test]
    public void KeyKCyclesAllBackgroundPerson()
    {
        Assert.That(HotkeyActions.For(new KeyEvent(GlfwKey.K, default, false)), Is.EqualTo(LiveAction.CycleRegions));
        using var regions = LiveRegions.Open(TestEnvironment.Store, StylizedRegions.All, _ => { });
        Assert.That(regions.Cycle(), Is.EqualTo(StylizedRegions.Background));
        Assert.That(regions.Cycle(), Is.EqualTo(StylizedRegions.Person));
        Assert.That(regions.Cycle(), Is.EqualTo(StylizedRegions.All));
    }

    private string WeightsWithCorruptSinet()
    {
        var weights = Path.Combine(_dir, "weights");
        Directory.CreateDirectory(Path.Combine(weights, SinetWeights.FolderName));
        foreach (var entry in Directory.GetFileSystemEntries(TestEnvironment.WeightsDirectory).Where(e => Path.GetFileName(e) != SinetWeights.FolderName))
            File.CreateSymbolicLink(Path.Combine(weights, Path.GetFileName(entry)), entry);
        var bytes = File.ReadAllBytes(SinetWeights.PathIn(TestEnvironment.WeightsDirectory));
        File.WriteAllBytes(SinetWeights.PathIn(weights), bytes[..(bytes.Length / 2)]);
        return weights;
    }

    [Test]
    public void BadSinetWeightsAreOneLineAndTheRegionsStayAll()
    {
        var weights = WeightsWithCorruptSinet();
        var store = new LiveStyle.Core.Models.ModelStore(weights, Path.Combine(_dir, "models"));
        var lines = new List<string>();
        using var regions = LiveRegions.Open(store, StylizedRegions.Background, lines.Add);
        var unavailable = lines.Where(l => l.Contains("unavailable")).ToArray();
        Assert.That(unavailable, Has.Length.EqualTo(1), string.Join("\n", lines));
        Assert.That(unavailable[0], Does.Contain(SinetWeights.PathIn(weights)).And.Contain("tensor '").And.Contain("regions all"));
        Assert.That(regions.Mode, Is.EqualTo(StylizedRegions.All));
        Assert.That(regions.Cycle(), Is.EqualTo(StylizedRegions.All), "no mask: the key cannot leave all");
    }

    [Test]
    public void HeadlessLiveViewKeepsRunningWithBadSinetWeights()
    {
        TestEnvironment.EnsureInt8Built();   // what the app's --precision auto picks, built once per test run
        var weights = WeightsWithCorruptSinet();
        var styles = Path.Combine(_dir, "styles");
        Directory.CreateDirectory(styles);
        File.Copy(Path.Combine(TestEnvironment.RepositoryRoot, "models", "styles", "stained_glass.png"), Path.Combine(styles, "stained_glass.png"));
        using var app = AppProcess.Start(new Dictionary<string, string?> { ["DISPLAY"] = null, ["LIVESTYLE_WEIGHTS"] = weights },
            "--headless", "--source", "pattern", "--size", "64", "--style-size", "128", "--styles", styles, "--duration", "3", "--regions", "background");
        Assert.That(app.WaitForExit(TimeSpan.FromSeconds(90)), Is.EqualTo(0), app.Log);
        Assert.That(app.Log.Split('\n').Count(l => l.Contains("person mask unavailable")), Is.EqualTo(1), app.Log);
        Assert.That(app.Log, Does.Contain("frames stylized"));
        Assert.That(app.Log, Does.Not.Contain(" 0 frames stylized"));
    }
}
