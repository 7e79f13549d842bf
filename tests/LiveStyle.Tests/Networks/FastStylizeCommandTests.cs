using LiveStyle.Core.Imaging;
using NUnit.Framework;
using OpenCvSharp;

namespace LiveStyle.Tests.Networks;

/// <summary>`livestyle stylize --network fast` end to end on images and on a video.</summary>
public class FastStylizeCommandTests
{
    private string _dir = "";
    private static readonly string Content = Path.Combine(TestEnvironment.ContentImages, "cornell.jpg");
    private static readonly string Style = Path.Combine(TestEnvironment.StyleImages, NetworkImages.Scream);

    [OneTimeSetUp] public void BuildTheInt8Models() => TestEnvironment.EnsureInt8Built();
    [SetUp] public void CreateFolder() => _dir = TestEnvironment.NewTempDirectory();
    [TearDown] public void DeleteFolder() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void AWeightsFolderWithOnlyMicroAstRunsTheFastNetwork()
    {
        // What `livestyle weights --microast DIR` alone gives a user: the fast network's files, not AdaIN's.
        var weights = Path.Combine(_dir, "weights");
        var microAst = Path.Combine(weights, "microast");
        Directory.CreateDirectory(microAst);
        foreach (var file in Directory.GetFiles(Path.Combine(TestEnvironment.WeightsDirectory, "microast"), "*.pth.tar"))
            File.CreateSymbolicLink(Path.Combine(microAst, Path.GetFileName(file)), file);
        var output = Path.Combine(_dir, "fast.png");

        var fast = CliRunner.Run("stylize", "--network", "fast", "--precision", "fp32", "--weights", weights,
            "--content", Content, "--style", Style, "--content-size", "96", "--style-size", "128", "--out", output);
        Assert.That(fast.ExitCode, Is.Zero, fast.ToString());
        Assert.That(File.Exists(output));

        var adain = CliRunner.Run("stylize", "--weights", weights, "--content", Content, "--style", Style, "--content-size", "96", "--out", Path.Combine(_dir, "adain.png"));
        Assert.That(adain.ExitCode, Is.EqualTo(1), adain.ToString());
        Assert.That(adain.Errors, Does.Contain("AdaIN weights not found").And.Contain(Core.Networks.AdaIn.AdaInWeights.EncoderFileName), adain.ToString());
    }

    [Test]
    public void StylizesAnImageWithTheFastNetwork()
    {
        var fast = Path.Combine(_dir, "fast.png");
        var adain = Path.Combine(_dir, "adain.png");
        var result = CliRunner.Run("stylize", "--network", "fast", "--content", Content, "--style", Style, "--content-size", "144", "--style-size", "256", "--out", fast);
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Errors, Does.Contain("with fast int8"));
        var byAdaIn = CliRunner.Run("stylize", "--content", Content, "--style", Style, "--content-size", "144", "--style-size", "256", "--precision", "fp32", "--out", adain);
        Assert.That(byAdaIn.ExitCode, Is.Zero, byAdaIn.ToString());
        Assert.That(byAdaIn.Errors, Does.Contain("with adain fp32"), "stylize defaults to adain");

        using var image = Cv2.ImRead(fast);
        using var other = Cv2.ImRead(adain);
        using var photo = Cv2.ImRead(Content);
        using var scaled = ImageResize.Resize(photo, image.Width, image.Height);
        Assert.That(image.Height, Is.EqualTo(144));
        Assert.That((image.Width, image.Height), Is.EqualTo((other.Width, other.Height)));
        Assert.That(Cv2.PSNR(image, scaled), Is.LessThan(18), "stylized, not the photo");
        Assert.That(Cv2.PSNR(image, other), Is.LessThan(25), "another network, another picture");
    }

    [Test]
    public void AlphaZeroOnTheFastNetworkGivesThePhotoBack()
    {
        var output = Path.Combine(_dir, "none.png");
        var result = CliRunner.Run("stylize", "--network", "fast", "--alpha", "0", "--content", Content, "--style", Style, "--content-size", "144", "--out", output);
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        using var image = Cv2.ImRead(output);
        using var photo = Cv2.ImRead(Content);
        using var scaled = ImageResize.ShorterSideTo(photo, 144);
        Assert.That(ImageAssert.BlurredPsnr(image, scaled), Is.GreaterThan(22));
    }

    [Test]
    public void StylizesAVideoKeepingFrameCountRateAndSize()
    {
        var input = Path.Combine(_dir, "input.avi");
        using (var writer = new VideoWriter(input, FourCC.FromString("MJPG"), 10, new Size(100, 60)))
        using (var frame = new Mat(60, 100, MatType.CV_8UC3))
        {
            for (var i = 0; i < 9; i++)
            {
                frame.SetTo(new Scalar(40, 90 + 10 * i, 160));
                Cv2.Circle(frame, new Point(10 + 8 * i, 30), 10, new Scalar(250, 250, 250), -1);
                writer.Write(frame);
            }
        }
        var output = Path.Combine(_dir, "out.mkv");
        var result = CliRunner.Run("stylize", "--network", "fast", "--content", input, "--style", Style, "--content-size", "0", "--style-size", "128", "--alpha", "0.7", "--out", output);
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Errors, Does.Contain("network: fast"));

        using var video = new VideoCapture(output);
        Assert.That(video.IsOpened());
        Assert.That((video.FrameWidth, video.FrameHeight), Is.EqualTo((100, 60)));
        Assert.That(video.Fps, Is.EqualTo(10).Within(0.01));
        using var read = new Mat();
        var count = 0;
        while (video.Read(read) && !read.Empty()) count++;
        Assert.That(count, Is.EqualTo(9));
    }

    [Test]
    public void UnknownNetworkIsAUsageError()
    {
        var result = CliRunner.Run("stylize", "--network", "vgg", "--content", Content, "--style", Style, "--out", Path.Combine(_dir, "x.png"));
        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Errors, Does.Contain("--network 'vgg'").And.Contain("adain or fast"));
    }
}
