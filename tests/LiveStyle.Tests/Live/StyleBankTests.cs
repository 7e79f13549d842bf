using LiveStyle.Core.Styling;
using NUnit.Framework;

namespace LiveStyle.Tests.Live;

public class StyleBankTests
{
    private string _dir = "";
    private string _styles = "";
    private string _cache = "";
    private readonly List<string> _log = [];

    [SetUp]
    public void CreateFolders()
    {
        _dir = TestEnvironment.NewTempDirectory();
        _styles = Path.Combine(_dir, "styles");
        _cache = Path.Combine(_dir, "cache");
        Directory.CreateDirectory(_styles);
        _log.Clear();
    }

    [TearDown] public void DeleteFolders() => Directory.Delete(_dir, recursive: true);

    private void AddStyle(string sharedName, string? asName = null) =>
        File.Copy(Path.Combine(TestEnvironment.StyleImages, sharedName), Path.Combine(_styles, asName ?? sharedName));

    private StyleBank NewBank(out StyleSignalsCache cache)
    {
        cache = new StyleSignalsCache(_cache, "test-model", TestEnvironment.AdaIn.SignalLength, 64);
        return new StyleBank(_styles, TestEnvironment.AdaIn, cache, 64, _log.Add);
    }

    [Test]
    public void SecondStartReadsTheCacheInsteadOfEncoding()
    {
        AddStyle("the_scream__munch_1893.jpg");
        AddStyle("great_wave__hokusai_c1831.jpg");
        var first = NewBank(out _);
        Assert.That(first.Refresh(), Is.EqualTo(2));
        Assert.That(Directory.GetFiles(_cache, "*.signals"), Has.Length.EqualTo(2), "a miss encodes and stores");

        var second = NewBank(out var cache);
        // Make the cached numbers recognisable: a hit must return them, not re-encode the image.
        var bytes = File.ReadAllBytes(Path.Combine(_styles, "the_scream__munch_1893.jpg"));
        var marked = new StyleSignals([.. Enumerable.Repeat(7f, 512), .. Enumerable.Repeat(3f, 512)]);
        cache.Save(bytes, marked);
        second.Refresh();

        Assert.That(second.Styles.Select(s => s.Name), Is.EqualTo(new[] { "great wave hokusai c1831", "the scream munch 1893" }));
        Assert.That(second.Styles[1].Signals.Values[..512], Is.All.EqualTo(7f));
        Assert.That(second.Styles[0].Signals.Values, Is.EqualTo(first.Styles[0].Signals.Values));
    }

    [Test]
    public void CorruptCacheFileIsRecomputed()
    {
        AddStyle("the_scream__munch_1893.jpg");
        var first = NewBank(out var cache);
        first.Refresh();
        var file = Directory.GetFiles(_cache).Single();
        File.WriteAllBytes(file, [1, 2, 3]);

        var second = NewBank(out _);
        second.Refresh();
        Assert.That(second.Styles[0].Signals.Values, Is.EqualTo(first.Styles[0].Signals.Values));
        Assert.That(_log, Has.Some.Contains("damaged"));
        Assert.That(new FileInfo(file).Length, Is.GreaterThan(3), "the damaged file is rewritten");
    }

    [Test]
    public void UnreadableImagesAreSkippedWithOneMessage()
    {
        AddStyle("the_scream__munch_1893.jpg");
        File.WriteAllText(Path.Combine(_styles, "broken.png"), "not a png");
        var bank = NewBank(out _);
        bank.Refresh();
        bank.Refresh();
        Assert.That(bank.Styles.Select(s => s.Name), Is.EqualTo(new[] { "the scream munch 1893" }));
        Assert.That(_log.Count(l => l.Contains("broken.png")), Is.EqualTo(1));
    }

    [Test]
    public void ImagesAddedWhileRunningJoinTheCycle()
    {
        AddStyle("the_scream__munch_1893.jpg");
        var bank = NewBank(out _);
        bank.Refresh();
        var controller = new StyleController(() => bank.Styles, crossFade: TimeSpan.Zero);
        using (new StyleBankWatcher(bank, TimeSpan.FromMilliseconds(50), _log.Add))
        {
            AddStyle("great_wave__hokusai_c1831.jpg", "a_new_style.jpg");
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (bank.Styles.Count < 2 && DateTime.UtcNow < deadline) Thread.Sleep(20);
        }
        Assert.That(bank.Styles.Select(s => s.Name), Is.EqualTo(new[] { "a new style", "the scream munch 1893" }));
        controller.Next();
        Assert.That(controller.Description, Is.EqualTo("the scream munch 1893"));
    }

    [Test]
    public void MissingFolderIsAClearError()
    {
        var bank = new StyleBank(Path.Combine(_dir, "nowhere"), TestEnvironment.AdaIn, new StyleSignalsCache(_cache, "m", 1024, 64), 64);
        var error = Assert.Throws<LiveStyle.Core.LiveStyleException>(() => bank.Refresh())!;
        Assert.That(error.Message, Does.Contain("style folder not found").And.Contain("--styles"));
    }
}
