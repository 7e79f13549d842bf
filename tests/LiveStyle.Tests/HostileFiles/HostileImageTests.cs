using LiveStyle.Core;
using LiveStyle.Core.Imaging;
using LiveStyle.Core.Quantization;
using LiveStyle.Core.Sources;
using LiveStyle.Core.Styling;
using NUnit.Framework;

namespace LiveStyle.Tests.HostileFiles;

/// <summary>
/// Decompression bombs, pipes and links to devices wherever the program reads an image: each is
/// refused with a clear message (naming the limit and how to raise it), without decoding it,
/// without blocking, and without taking the rest down.
/// </summary>
public class HostileImageTests
{
    private static readonly string GoodContent = Path.Combine(TestEnvironment.ContentImages, "cornell.jpg");
    private static readonly string GoodStyle = Path.Combine(TestEnvironment.StyleImages, "great_wave__hokusai_c1831.jpg");
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);
    private string _dir = "";

    [SetUp] public void CreateDirectory() => _dir = TestEnvironment.NewTempDirectory();

    [TearDown]
    public void DeleteDirectory()
    {
        Environment.SetEnvironmentVariable(ImageLimits.MaxPixelsVariable, null);
        Environment.SetEnvironmentVariable(ImageLimits.MaxBytesVariable, null);
        Directory.Delete(_dir, recursive: true);
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Test]
    public void StylizeRefusesABombContentImageNamingTheLimit()
    {
        var bomb = Write("bomb.png", BombFiles.Png(40000, 40000));
        var result = CliRunner.Run("stylize", "--content", bomb, "--style", GoodStyle, "--out", Path.Combine(_dir, "out.png"));
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Errors, Does.Contain("40000×40000").And.Contain(ImageLimits.MaxPixelsVariable).And.Contain("bomb.png"));
        Assert.That(File.Exists(Path.Combine(_dir, "out.png")), Is.False);
    }

    [Test]
    public void StylizeRefusesABombStyleImage()
    {
        var bomb = Write("bomb.jpg", BombFiles.Jpeg(60000, 60000));
        var result = CliRunner.Run("stylize", "--content", GoodContent, "--style", bomb, "--out", Path.Combine(_dir, "out.png"));
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Errors, Does.Contain("style image").And.Contain(ImageLimits.MaxPixelsVariable));
    }

    [Test]
    public void TheLimitIsSetByItsEnvironmentVariable()
    {
        var small = Write("small.bmp", BombFiles.Bmp(30000, 30000));
        Assert.That(() => ImageFile.ReadBgr(small), Throws.TypeOf<LiveStyleException>().With.Message.Contain("100000000 pixels"));

        using (var cornell = ImageFile.ReadBgr(GoodContent)) Assert.That(cornell.Width * cornell.Height, Is.GreaterThan(1000));
        Environment.SetEnvironmentVariable(ImageLimits.MaxPixelsVariable, "1000");
        Assert.That(() => ImageFile.ReadBgr(GoodContent, "content image"),
            Throws.TypeOf<LiveStyleException>().With.Message.Contain("limit of 1000 pixels").And.Message.Contain(ImageLimits.MaxPixelsVariable));
    }

    [Test]
    public void SourceImageBombIsAClearError()
    {
        var bomb = Write("bomb.png", BombFiles.Png(35000, 35000));
        Assert.That(() => new StillImageSource(bomb), Throws.TypeOf<LiveStyleException>().With.Message.Contain(ImageLimits.MaxPixelsVariable));
    }

    [Test]
    public void StyleFolderSkipsBombsPipesAndDevicesWithoutHanging()
    {
        var styles = Path.Combine(_dir, "styles");
        Directory.CreateDirectory(styles);
        File.Copy(GoodStyle, Path.Combine(styles, "a_wave.jpg"));
        File.WriteAllBytes(Path.Combine(styles, "b_bomb.png"), BombFiles.Png(40000, 40000));
        BombFiles.MakeFifo(Path.Combine(styles, "c_pipe.png"));
        File.CreateSymbolicLink(Path.Combine(styles, "d_zero.png"), "/dev/zero");
        var log = new List<string>();
        var bank = new StyleBank(styles, TestEnvironment.AdaIn, new StyleSignalsCache(Path.Combine(_dir, "cache"), "test", TestEnvironment.AdaIn.SignalLength, 64), 64, m => { lock (log) log.Add(m); });

        var refresh = Task.Run(bank.Refresh);
        Assert.That(refresh.Wait(HangGuard), Is.True, "Refresh must not block on a pipe or read a device forever");
        Assert.That(bank.Styles.Select(s => s.Name), Is.EqualTo(new[] { "a wave" }));
        Assert.That(log, Has.Some.Contain("b_bomb.png").And.Contain(ImageLimits.MaxPixelsVariable));
        Assert.That(log, Has.Some.Contain("c_pipe.png").And.Contain("not a regular file"));
        Assert.That(log, Has.Some.Contain("d_zero.png").And.Contain("not a regular file"));

        // A bomb dropped in while running is skipped the same way.
        File.WriteAllBytes(Path.Combine(styles, "e_bomb.jpg"), BombFiles.Jpeg(65000, 65000));
        Assert.That(bank.Refresh(), Is.Zero);
        Assert.That(log, Has.Some.Contain("e_bomb.jpg").And.Contain(ImageLimits.MaxPixelsVariable));
    }

    [Test]
    public void FilesOverTheByteCapAreNotRead()
    {
        var big = Write("big.jpg", File.ReadAllBytes(GoodContent));
        Environment.SetEnvironmentVariable(ImageLimits.MaxBytesVariable, "1000");
        Assert.That(() => ImageFile.ReadBgr(big, "content image"),
            Throws.TypeOf<LiveStyleException>().With.Message.Contain("more than the 1000 allowed").And.Message.Contain(ImageLimits.MaxBytesVariable));
    }

    [Test]
    public void CalibrationFolderWithAPipeIsAnErrorNotAHang()
    {
        var content = Path.Combine(_dir, "content");
        Directory.CreateDirectory(content);
        File.Copy(GoodContent, Path.Combine(content, "a.jpg"));
        BombFiles.MakeFifo(Path.Combine(content, "b.jpg"));
        var open = Task.Run(() => CalibrationSet.Open(content, TestEnvironment.StyleImages));
        Assert.That(() => open.Wait(HangGuard), Throws.InstanceOf<AggregateException>()
            .With.InnerException.TypeOf<LiveStyleException>().And.InnerException.Message.Contain("b.jpg"));
    }
}
