using LiveStyle.Core.Imaging;
using LiveStyle.Core.Networks.PersonMask;
using LiveStyle.Core.Styling;
using NUnit.Framework;
using OpenCvSharp;

namespace LiveStyle.Tests.PersonMask;

/// <summary>The composition of regions, and `stylize --regions/--person-style/--mask-out` end to end on a real portrait.</summary>
public class RegionsTests
{
    private string _dir = "";

    [SetUp] public void CreateDirectory() => _dir = TestEnvironment.NewTempDirectory();
    [TearDown] public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    private static string Style(string name) => Path.Combine(TestEnvironment.StyleImages, name);
    private const string StarryNight = "starry_night__van_gogh_1889.jpg";
    private const string GreatWave = "great_wave__hokusai_c1831.jpg";

    [Test]
    public void BackgroundPlusPersonIsFramePlusFullStylizationInFloats()
    {
        var random = new Random(7);
        float[] Values(int n) => [.. Enumerable.Range(0, n).Select(_ => (float)random.NextDouble())];
        const int plane = 64 * 48;
        float[] mask = Values(plane), frame = Values(3 * plane), stylized = Values(3 * plane);
        float[] background = new float[3 * plane], person = new float[3 * plane];
        RegionComposer.Blend(mask, frame, stylized, background);
        RegionComposer.Blend(mask, stylized, frame, person);
        for (var i = 0; i < background.Length; i++)
            Assert.That(background[i] + person[i], Is.EqualTo(frame[i] + stylized[i]).Within(1e-6));
    }

    private static CliResult Stylize(string output, params string[] extra) =>
        CliRunner.Run(["stylize", "--content", PersonPhoto.Astronaut.Path, "--style", Style(StarryNight), "--network", "fast", "--precision", "fp32",
            "--content-size", "256", "--style-size", "256", "--out", output, .. extra]);

    [Test]
    public void StylizingBackgroundAndPersonAddsUpToTheFramePlusTheFullStylization()
    {
        PersonPhoto.Astronaut.Read().Dispose();
        string all = Path.Combine(_dir, "all.png"), background = Path.Combine(_dir, "background.png"), person = Path.Combine(_dir, "person.png");
        string maskPath = Path.Combine(_dir, "mask.png");
        Assert.That(Stylize(all).ExitCode, Is.Zero);
        var result = Stylize(background, "--regions", "background", "--mask-out", maskPath);
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(Stylize(person, "--regions", "person").ExitCode, Is.Zero);

        using var full = Cv2.ImRead(all);
        using var room = Cv2.ImRead(background);
        using var people = Cv2.ImRead(person);
        using var mask = Cv2.ImRead(maskPath, ImreadModes.Unchanged);
        using var photo = ImageFile.ReadBgr(PersonPhoto.Astronaut.Path);
        using var frame = ImageConversion.ToBgr(ImageStylizer.PrepareContent(photo, 256, crop: false));
        Assert.That((mask.Cols, mask.Rows, mask.Channels()), Is.EqualTo((256, 256, 1)), "the mask at the output's size, one 8-bit channel");

        using var sum = new Mat();
        using var expected = new Mat();
        using var difference = new Mat();
        Cv2.Add(room, people, sum, null, MatType.CV_16SC3.Value);
        Cv2.Add(frame, full, expected, null, MatType.CV_16SC3.Value);
        Cv2.Absdiff(sum, expected, difference);
        Cv2.MinMaxLoc(difference.Reshape(1), out _, out double worst);
        TestContext.Out.WriteLine($"|background + person − (frame + all)| ≤ {worst} levels");
        Assert.That(worst, Is.LessThanOrEqualTo(1), "a linear blend, rounded once per image");

        // The person keeps the camera frame in background mode, the room keeps it in person mode.
        using var drawn = PersonPhoto.Astronaut.DrawnMask(512, 512);
        using var drawnSmall = drawn.Resize(new Size(256, 256), 0, 0, InterpolationFlags.Nearest);
        using var inside = drawnSmall.Erode(Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size(15, 15)));
        using var outside = new Mat();
        Cv2.BitwiseNot(drawnSmall.Dilate(Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size(15, 15))), outside);
        Assert.That(MeanAbsDifference(room, frame, inside), Is.LessThan(6), "background mode: the person is the camera frame");
        Assert.That(MeanAbsDifference(room, full, outside), Is.LessThan(10), "background mode: the room is stylized");
        Assert.That(MeanAbsDifference(people, frame, outside), Is.LessThan(10), "person mode: the room is the camera frame");
        Assert.That(Cv2.Mean(mask, inside).Val0, Is.GreaterThan(230), "mask inside the drawn person");
        Assert.That(Cv2.Mean(mask, outside).Val0, Is.LessThan(40), "mask outside the drawn person");
    }

    private static double MeanAbsDifference(Mat a, Mat b, Mat where)
    {
        using var difference = new Mat();
        Cv2.Absdiff(a, b, difference);
        var mean = Cv2.Mean(difference, where);
        return (mean.Val0 + mean.Val1 + mean.Val2) / 3;
    }

    [Test]
    public void PersonStyleStylizesEachRegionInItsOwnStyle()
    {
        string room = Path.Combine(_dir, "room.png"), twoStyles = Path.Combine(_dir, "two.png"), personOnly = Path.Combine(_dir, "person-wave.png");
        Assert.That(Stylize(room).ExitCode, Is.Zero);
        var result = Stylize(twoStyles, "--person-style", Style(GreatWave));
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(CliRunner.Run("stylize", "--content", PersonPhoto.Astronaut.Path, "--style", Style(GreatWave), "--network", "fast", "--precision", "fp32",
            "--content-size", "256", "--style-size", "256", "--out", personOnly).ExitCode, Is.Zero);
        using var drawn = PersonPhoto.Astronaut.DrawnMask(512, 512);
        using var drawnSmall = drawn.Resize(new Size(256, 256), 0, 0, InterpolationFlags.Nearest);
        using var inside = drawnSmall.Erode(Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size(15, 15)));
        using var outside = new Mat();
        Cv2.BitwiseNot(drawnSmall.Dilate(Cv2.GetStructuringElement(MorphShapes.Ellipse, new Size(15, 15))), outside);
        using var two = Cv2.ImRead(twoStyles);
        using var roomImage = Cv2.ImRead(room);
        using var wave = Cv2.ImRead(personOnly);
        Assert.That(MeanAbsDifference(two, wave, inside), Is.LessThan(6), "the person in the person style");
        Assert.That(MeanAbsDifference(two, roomImage, outside), Is.LessThan(10), "the room in --style");
        Assert.That(MeanAbsDifference(roomImage, wave, inside), Is.GreaterThan(20), "the two styles differ");
    }

    [Test]
    public void PersonStyleWithRegionsIsAUsageError() =>
        Stylize(Path.Combine(_dir, "x.png"), "--person-style", Style(GreatWave), "--regions", "person").AssertOneLineError(2, "--person-style");

    [Test]
    public void UnknownRegionsIsAUsageError() =>
        Stylize(Path.Combine(_dir, "x.png"), "--regions", "face").AssertOneLineError(2, "background");

    [Test]
    public void CorruptSinetWeightsAreOneLineNamingTheFile()
    {
        var weights = Path.Combine(_dir, "weights");
        Directory.CreateDirectory(Path.Combine(weights, SinetWeights.FolderName));
        foreach (var entry in Directory.GetFileSystemEntries(TestEnvironment.WeightsDirectory).Where(e => Path.GetFileName(e) != SinetWeights.FolderName))
            File.CreateSymbolicLink(Path.Combine(weights, Path.GetFileName(entry)), entry);
        var bytes = File.ReadAllBytes(SinetWeights.PathIn(TestEnvironment.WeightsDirectory));
        var sinet = SinetWeights.PathIn(weights);
        File.WriteAllBytes(sinet, bytes[..(bytes.Length / 2)]);
        var output = Path.Combine(_dir, "out.png");
        var result = Stylize(output, "--regions", "background", "--weights", weights);
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        var errors = result.Errors.Split('\n').Where(l => l.Contains("error")).ToArray();
        Assert.That(errors, Has.Length.EqualTo(1), result.Errors);
        Assert.That(errors[0], Does.Contain(sinet).And.Contain("tensor '"), "names the file and the tensor");
        Assert.That(File.Exists(output), Is.False);
    }
}
