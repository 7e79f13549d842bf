using NUnit.Framework;

namespace LiveStyle.Tests;

/// <summary>Every kind of bad input: non-zero exit, one clear message, nothing left at --out.</summary>
public class StylizeBadInputTests
{
    private string _dir = "";
    private string _out = "";
    private static readonly string GoodContent = Path.Combine(TestEnvironment.ContentImages, "cornell.jpg");
    private static readonly string GoodStyle = Path.Combine(TestEnvironment.StyleImages, "starry_night__van_gogh_1889.jpg");

    [SetUp]
    public void CreateDirectory()
    {
        _dir = TestEnvironment.NewTempDirectory();
        _out = Path.Combine(_dir, "out");
        Directory.CreateDirectory(_out);
    }

    [TearDown] public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    private string File(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    private CliResult Stylize(string content, string style, params string[] extra) =>
        CliRunner.Run(["stylize", "--content", content, "--style", style, "--out", Path.Combine(_out, "result.png"), .. extra]);

    private void AssertFailed(CliResult result, int exitCode, string messagePart)
    {
        result.AssertOneLineError(exitCode, messagePart);
        Assert.That(Directory.GetFileSystemEntries(_out), Is.Empty, "nothing may be written to --out");
    }

    [Test]
    public void NonImageContentFile() =>
        AssertFailed(Stylize(File("notes.jpg", "this is text, not a JPEG"u8.ToArray()), GoodStyle), 1, "not a readable image");

    [Test]
    public void TruncatedStyleImage()
    {
        var bytes = System.IO.File.ReadAllBytes(GoodStyle);
        AssertFailed(Stylize(GoodContent, File("truncated.jpg", bytes[..64])), 1, "style image");
    }

    [Test]
    public void ZeroByteImage() => AssertFailed(Stylize(File("empty.png", []), GoodStyle), 1, "empty (0 bytes)");

    [Test]
    public void MissingContent() => AssertFailed(Stylize(Path.Combine(_dir, "nope.jpg"), GoodStyle), 1, "not found");

    [Test]
    public void EmptyContentFolder()
    {
        var folder = Path.Combine(_dir, "empty-folder");
        Directory.CreateDirectory(folder);
        AssertFailed(Stylize(folder, GoodStyle), 1, "has no image files");
    }

    [TestCase("--alpha", "1.5", "--alpha must be a number from 0 to 1")]
    [TestCase("--alpha", "strong", "--alpha must be a number")]
    [TestCase("--content-size", "-3", "--content-size must be a whole number")]
    [TestCase("--device", "gpu", "unknown --device 'gpu'")]
    [TestCase("--style-weights", "1,2,3", "one weight per")]
    [TestCase("--style-weights", "0", "must not all be zero")]
    [TestCase("--colour", "blue", "unknown option --colour")]
    [TestCase("--content", "again.jpg", "--content is given twice")]
    public void BadOptionValue(string option, string value, string message) =>
        AssertFailed(Stylize(GoodContent, GoodStyle, option, value), 2, message);

    [Test]
    public void MissingRequiredOption() =>
        AssertFailed(CliRunner.Run("stylize", "--content", GoodContent, "--out", Path.Combine(_out, "x.png")), 2, "needs --style");

    [Test]
    public void SeveralResultsIntoOneFile() =>
        AssertFailed(Stylize(GoodContent, $"{GoodStyle},{Path.Combine(TestEnvironment.StyleImages, "the_scream__munch_1893.jpg")}"), 2, "give a folder");

    [Test]
    public void UnknownOutputImageType() =>
        AssertFailed(CliRunner.Run("stylize", "--content", GoodContent, "--style", GoodStyle, "--out", Path.Combine(_out, "result.xyz")), 2, "unknown image type");

    [Test]
    public void WeightsNotFound() =>
        AssertFailed(Stylize(GoodContent, GoodStyle, "--weights", Path.Combine(_dir, "no-weights")), 1, "AdaIN weights not found");

    [Test]
    public void DirectMLOnLinuxIsRefusedClearly()
    {
        if (OperatingSystem.IsWindows()) Assert.Ignore("DirectML may exist on Windows");
        AssertFailed(Stylize(GoodContent, GoodStyle, "--device", "dml:0"), 1, "DirectML is only available on Windows");
    }
}
