using NUnit.Framework;
using OpenCvSharp;

namespace LiveStyle.Tests.HostileFiles;

/// <summary>`stylize` never overwrites its inputs, never lets two results share a name, and checks --out before working.</summary>
public class StylizeOutputTests
{
    private static readonly string Cornell = Path.Combine(TestEnvironment.ContentImages, "cornell.jpg");
    private static readonly string Wave = Path.Combine(TestEnvironment.StyleImages, "great_wave__hokusai_c1831.jpg");
    private string _dir = "";

    [SetUp] public void CreateDirectory() => _dir = TestEnvironment.NewTempDirectory();

    [TearDown] public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    private string Copy(string source, string name)
    {
        var path = Path.Combine(_dir, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.Copy(source, path);
        return path;
    }

    private static CliResult Stylize(string content, string style, string output, params string[] extra) =>
        CliRunner.Run(["stylize", "--content", content, "--style", style, "--out", output, "--content-size", "64", "--style-size", "64", "--precision", "fp32", .. extra]);

    [Test]
    public void OutEqualToContentOrStyleIsRefusedAlsoThroughALink()
    {
        var content = Copy(Cornell, "photo.jpg");
        var style = Copy(Wave, "style.jpg");
        var original = File.ReadAllBytes(content);
        var link = Path.Combine(_dir, "link");
        Directory.CreateSymbolicLink(link, _dir);

        foreach (var output in new[] { content, Path.Combine(_dir, ".", "photo.jpg"), Path.Combine(link, "photo.jpg"), Path.Combine(link, "style.jpg") })
        {
            var result = Stylize(content, style, output);
            Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
            Assert.That(result.Errors, Does.Contain("would be overwritten"));
        }
        Assert.That(File.ReadAllBytes(content), Is.EqualTo(original));
        Assert.That(File.ReadAllBytes(style), Is.EqualTo(File.ReadAllBytes(Wave)));
    }

    [Test]
    public void SameNamedContentsWithDifferentTypesGetDifferentOutputs()
    {
        var contents = Path.Combine(_dir, "contents");
        Copy(Cornell, Path.Combine("contents", "x.jpg"));
        using (var image = Cv2.ImRead(Path.Combine(TestEnvironment.ContentImages, "flowers.jpg")))
            Cv2.ImWrite(Path.Combine(contents, "x.png"), image);
        var output = Path.Combine(_dir, "results");

        var result = Stylize(contents, Wave, output);
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var written = Directory.GetFiles(output).Select(Path.GetFileName).Order().ToArray();
        Assert.That(written, Has.Length.EqualTo(2), string.Join(", ", written));
        Assert.That(written, Is.EqualTo(new[] { "x_jpg_stylized_great_wave__hokusai_c1831.jpg", "x_png_stylized_great_wave__hokusai_c1831.jpg" }));
    }

    [Test]
    public void UnwritableOutIsRefusedBeforeInference()
    {
        // A folder under a regular file: nobody, root included, can create it.
        var locked = Path.Combine(Copy(Wave, "a-file.jpg"), "sub");
        var result = Stylize(Cornell, Wave, Path.Combine(locked, "out.png"), "--weights", Path.Combine(_dir, "no-weights-here"));
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        // The weights folder is missing too: the --out check must come first, before models are looked for.
        Assert.That(result.Errors, Does.Contain("cannot write to").And.Not.Contain("weights"));
    }
}
