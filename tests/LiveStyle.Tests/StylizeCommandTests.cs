using LiveStyle.Core.Imaging;
using NUnit.Framework;
using OpenCvSharp;

namespace LiveStyle.Tests;

/// <summary>`livestyle stylize` end to end: real images, real weights, real ONNX sessions.</summary>
public class StylizeCommandTests
{
    private string _dir = "";
    private static string Content(string name = "cornell.jpg") => Path.Combine(TestEnvironment.ContentImages, name);
    private static string Style(string name) => Path.Combine(TestEnvironment.StyleImages, name);
    private const string StarryNight = "starry_night__van_gogh_1889.jpg";
    private const string GreatWave = "great_wave__hokusai_c1831.jpg";
    private const string Scream = "the_scream__munch_1893.jpg";

    [SetUp] public void CreateDirectory() => _dir = TestEnvironment.NewTempDirectory();
    [TearDown] public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    private static CliResult Stylize(string output, params string[] extra) =>
        CliRunner.Run(["stylize", "--content", Content(), .. extra.Contains("--style") ? [] : new[] { "--style", Style(StarryNight) },
            "--content-size", "128", "--style-size", "128", "--out", output, .. extra]);

    [Test]
    public void WritesOneImageWithTheShorterSideScaled()
    {
        var output = Path.Combine(_dir, "out.png");
        var result = Stylize(output);
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        using var image = Cv2.ImRead(output);
        using var content = Cv2.ImRead(Content());
        Assert.That(image.Height, Is.EqualTo(128));
        Assert.That(image.Width, Is.EqualTo((int)Math.Round(content.Width * 128.0 / content.Height)).Within(1));
        Assert.That(result.Errors, Does.Contain("[1/1]"));
        // A stylization is not the content: colours and textures move a long way.
        using var scaledContent = ImageResize.Resize(content, image.Width, image.Height);
        Assert.That(ImageAssert.Psnr(image, scaledContent), Is.LessThan(20));
    }

    [Test]
    public void OddSizedContentKeepsItsSize()
    {
        var odd = Path.Combine(_dir, "odd.png");
        using (var content = Cv2.ImRead(Content()))
        using (var small = ImageResize.Resize(content, 203, 117))
            Cv2.ImWrite(odd, small);
        var output = Path.Combine(_dir, "odd-out.png");
        var result = CliRunner.Run("stylize", "--content", odd, "--style", Style(StarryNight), "--content-size", "0", "--style-size", "128", "--out", output);
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        using var image = Cv2.ImRead(output);
        Assert.That((image.Width, image.Height), Is.EqualTo((203, 117)));
    }

    [Test]
    public void AlphaZeroReconstructsTheContentWhateverTheStyle()
    {
        var withStarryNight = Path.Combine(_dir, "a.png");
        var withGreatWave = Path.Combine(_dir, "b.png");
        Assert.That(Stylize(withStarryNight, "--alpha", "0").ExitCode, Is.Zero);
        Assert.That(CliRunner.Run("stylize", "--content", Content(), "--style", Style(GreatWave), "--content-size", "128", "--style-size", "128",
            "--alpha", "0", "--out", withGreatWave).ExitCode, Is.Zero);
        using var a = Cv2.ImRead(withStarryNight);
        using var b = Cv2.ImRead(withGreatWave);
        Assert.That(ImageAssert.MaxAbsDifference(a, b), Is.LessThanOrEqualTo(1), "alpha 0 must not depend on the style");

        var fullStyle = Path.Combine(_dir, "c.png");
        Assert.That(Stylize(fullStyle, "--style", Style(Scream)).ExitCode, Is.Zero);
        using var stylized = Cv2.ImRead(fullStyle);
        using var content = Cv2.ImRead(Content());
        using var scaledContent = ImageResize.Resize(content, a.Width, a.Height);
        // The decoder redraws fine texture rather than copying it, so compare the images' content at a coarser scale.
        var reconstruction = ImageAssert.BlurredPsnr(a, scaledContent);
        var stylization = ImageAssert.BlurredPsnr(stylized, scaledContent);
        TestContext.Out.WriteLine($"blurred PSNR to the content: alpha 0 {reconstruction:F1} dB, alpha 1 {stylization:F1} dB");
        Assert.That(reconstruction, Is.GreaterThan(20));
        Assert.That(reconstruction, Is.GreaterThan(stylization + 3), "alpha 0 must be much closer to the content than alpha 1");
    }

    [Test]
    public void StyleWeightsMixTheStyles()
    {
        string Run(string name, string styles, string? weights)
        {
            var output = Path.Combine(_dir, name);
            string[] args = ["stylize", "--content", Content(), "--style", styles, "--content-size", "128", "--style-size", "128", "--out", output];
            var result = CliRunner.Run(weights is null ? args : [.. args, "--style-weights", weights]);
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            return output;
        }
        var both = $"{Style(StarryNight)},{Style(GreatWave)}";
        using var starry = Cv2.ImRead(Run("starry.png", Style(StarryNight), null));
        using var wave = Cv2.ImRead(Run("wave.png", Style(GreatWave), null));
        using var onlyFirst = Cv2.ImRead(Run("only-first.png", both, "1,0"));
        using var half = Cv2.ImRead(Run("half.png", both, "1,1"));

        Assert.That(ImageAssert.MaxAbsDifference(onlyFirst, starry), Is.LessThanOrEqualTo(1), "weights 1,0 are the first style alone");
        var toStarry = ImageAssert.Psnr(half, starry);
        var toWave = ImageAssert.Psnr(half, wave);
        var betweenThem = ImageAssert.Psnr(starry, wave);
        TestContext.Out.WriteLine($"PSNR half→starry {toStarry:F1}, half→wave {toWave:F1}, starry→wave {betweenThem:F1}");
        Assert.That(toStarry, Is.GreaterThan(betweenThem), "an even mix is closer to each style than the styles are to each other");
        Assert.That(toWave, Is.GreaterThan(betweenThem));
        Assert.That(toStarry, Is.LessThan(40), "an even mix differs from either style");
    }

    [Test]
    public void FoldersStylizeEveryContentWithEveryStyle()
    {
        var contents = Path.Combine(_dir, "contents");
        Directory.CreateDirectory(contents);
        File.Copy(Content("cornell.jpg"), Path.Combine(contents, "cornell.jpg"));
        File.Copy(Content("flowers.jpg"), Path.Combine(contents, "flowers.jpg"));
        File.WriteAllText(Path.Combine(contents, "notes.txt"), "not an image, skipped by extension");
        var outDir = Path.Combine(_dir, "out");

        var result = CliRunner.Run("stylize", "--content", contents, "--style", $"{Style(StarryNight)},{Style(GreatWave)}",
            "--content-size", "64", "--style-size", "64", "--out", outDir);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(Directory.GetFiles(outDir).Select(Path.GetFileName).Order(), Is.EqualTo(new[]
        {
            "cornell_stylized_great_wave__hokusai_c1831.jpg", "cornell_stylized_starry_night__van_gogh_1889.jpg",
            "flowers_stylized_great_wave__hokusai_c1831.jpg", "flowers_stylized_starry_night__van_gogh_1889.jpg",
        }));
        Assert.That(result.Errors, Does.Contain("[4/4]"));
    }

    [Test]
    public void PreserveColorKeepsTheContentsColours()
    {
        var plain = Path.Combine(_dir, "plain.png");
        var preserved = Path.Combine(_dir, "preserved.png");
        Assert.That(Stylize(plain, "--style", Style(Scream)).ExitCode, Is.Zero);
        Assert.That(Stylize(preserved, "--style", Style(Scream), "--preserve-color").ExitCode, Is.Zero);
        using var a = Cv2.ImRead(plain);
        using var b = Cv2.ImRead(preserved);
        using var content = Cv2.ImRead(Content());
        using var scaledContent = ImageResize.Resize(content, a.Width, a.Height);
        var plainDistance = ImageAssert.MeanChromaDifference(a, scaledContent);
        var preservedDistance = ImageAssert.MeanChromaDifference(b, scaledContent);
        TestContext.Out.WriteLine($"mean Lab chroma difference to the content: plain {plainDistance:F1}, preserved {preservedDistance:F1}");
        Assert.That(preservedDistance, Is.LessThan(plainDistance * 0.7));
    }

    [Test]
    public void CropMakesSquares()
    {
        var output = Path.Combine(_dir, "square.png");
        Assert.That(Stylize(output, "--crop").ExitCode, Is.Zero);
        using var image = Cv2.ImRead(output);
        Assert.That((image.Width, image.Height), Is.EqualTo((128, 128)));
    }
}
