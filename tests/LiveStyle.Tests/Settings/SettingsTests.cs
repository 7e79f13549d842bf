using LiveStyle.App.Cli;
using LiveStyle.App.Live;
using LiveStyle.App.Settings;
using LiveStyle.Core.Networks.PersonMask;
using LiveStyle.Core.Sinks.VirtualCamera;
using NUnit.Framework;

namespace LiveStyle.Tests.Settings;

/// <summary>Settings that stay: the file round-trips, survives damage, and the command line wins over it.</summary>
public class SettingsTests
{
    private string _dir = "";
    private SettingsFile _file = null!;

    [SetUp]
    public void SetUp()
    {
        _dir = TestEnvironment.NewTempDirectory();
        _file = new SettingsFile(Path.Combine(_dir, "livestyle", SettingsFile.FileName));
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    private static readonly LiveSettings Everything = new()
    {
        Source = "camera:C920", CameraSize = "1280x720", Style = "ocean waves", Network = "fast", Alpha = 0.35f, Size = "320",
        Split = true, PreserveColor = true, Mirror = true, MirrorOutput = true, Temporal = "off", Regions = "background",
        VirtualCamera = true, VirtualCameraDevice = "/dev/video10", VirtualCameraSize = "640x480", VirtualCameraFit = "letterbox", Stream = 8090, StreamFps = "30",
    };

    [Test]
    public void SettingsRoundTripThroughTheFile()
    {
        var log = new List<string>();
        _file.Save(Everything, log.Add);
        Assert.That(_file.Load(log.Add), Is.EqualTo(Everything));
        Assert.That(log, Is.Empty);
        Assert.That(File.ReadAllText(_file.Path), Does.Contain("\"virtualCameraSize\": \"640x480\""), "readable JSON, camelCase");
        Assert.That(Directory.GetFiles(Path.GetDirectoryName(_file.Path)!), Is.EqualTo(new[] { _file.Path }), "no temporary file left");
    }

    [Test]
    public void NoFileMeansNothingRemembered()
    {
        var log = new List<string>();
        Assert.That(_file.Load(log.Add), Is.EqualTo(new LiveSettings()));
        Assert.That(log, Is.Empty);
    }

    [Test]
    public void ASettingsFileThatIsAPipeDoesNotBlockTheStart()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_file.Path)!);
        LiveStyle.Tests.HostileFiles.BombFiles.MakeFifo(_file.Path);
        var log = new List<string>();

        var load = Task.Run(() => _file.Load(log.Add));
        Assert.That(load.Wait(TimeSpan.FromSeconds(30)), Is.True, "reading settings.json must not wait on a pipe");
        Assert.That(load.Result, Is.EqualTo(new LiveSettings()));
        Assert.That(log.Single(), Does.Contain("not a regular file").And.Contain("starting with the defaults"));
    }

    [TestCase("{ \"alpha\": 0.5, ")]
    [TestCase("\0\0\0\0")]
    [TestCase("{ \"alpha\": \"loud\" }")]
    [TestCase("null")]
    public void ADamagedFileIsReportedKeptAsideAndReplaced(string content)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(_file.Path)!);
        File.WriteAllText(_file.Path, content);
        var log = new List<string>();

        Assert.That(_file.Load(log.Add), Is.EqualTo(new LiveSettings()));
        Assert.That(log.Single(), Does.Contain("is damaged").And.Contain("starting with the defaults"));
        Assert.That(File.ReadAllText(_file.Path + ".damaged"), Is.EqualTo(content), "the user's file is kept");

        _file.Save(Everything, log.Add);
        Assert.That(_file.Load(log.Add), Is.EqualTo(Everything), "a fresh file replaces it");
    }

    [Test]
    public void RememberedOptionsApplyWhereTheCommandLineIsSilentAndItWinsElsewhere()
    {
        _file.Save(new LiveSettings { Alpha = 0.3f, Size = "128", Split = true, VirtualCameraSize = "640x480", Mirror = true }, _ => { });
        var session = SettingsSession.Start(["--size", "64", "--headless"], _file);
        var options = LiveOptions.Parse(session.Arguments);

        Assert.That(options.Size.ToString(), Is.EqualTo("64"), "the command line wins");
        Assert.That(options.Alpha, Is.EqualTo(0.3f));
        Assert.That(options.SplitView);
        Assert.That(options.MirrorPreview);
        Assert.That(options.VirtualCameraOutput.Size, Is.EqualTo(new OpenCvSharp.Size(640, 480)));
        Assert.That(options.Headless);
        Assert.That(session.Messages, Is.Empty);
    }

    [Test]
    public void ARememberedValueTheLiveViewRefusesIsSkippedNotFatal()
    {
        _file.Save(new LiveSettings { Alpha = 7f, Size = "96", VirtualCameraFit = "stretch" }, _ => { });
        var session = SettingsSession.Start([], _file);
        var options = LiveOptions.Parse(session.Arguments);
        Assert.That(options.Alpha, Is.EqualTo(1f), "the default");
        Assert.That(options.Size.ToString(), Is.EqualTo("96"), "the others still apply");
        Assert.That(options.VirtualCameraOutput.Fit, Is.EqualTo(FitMode.Crop));
        Assert.That(session.Messages, Has.Count.EqualTo(2));
        Assert.That(session.Messages, Has.Some.Contains("--alpha 7 is not used"));
    }

    [Test]
    public void OptionsThisBuildDoesNotKnowAreKeptButNotPassedOn()
    {
        // Options the live view knows are passed on; a build without them would only keep them.
        _file.Save(new LiveSettings { Network = "fast", Temporal = "off", Size = "96" }, _ => { });
        var session = SettingsSession.Start([], _file);
        Assert.That(LiveOptions.Parse(session.Arguments).Size.ToString(), Is.EqualTo("96"));
        foreach (var option in new[] { "network", "temporal" })
            Assert.That(session.Arguments.Any(a => a.StartsWith($"--{option}", StringComparison.Ordinal)), Is.EqualTo(LiveOptions.Knows(option)));

        session.Save("stained glass", 0.5f, new ViewModes(Split: false, PreserveColor: false, Mirror: false), virtualCamera: false, _ => { });
        var saved = _file.Load(_ => { });
        Assert.That((saved.Network, saved.Temporal), Is.EqualTo(("fast", "off")));
    }

    [Test]
    public void WhatIsInEffectWhenTheWindowClosesIsRemembered()
    {
        var session = SettingsSession.Start(["--source", "pattern", "--size", "200", "--mirror-output", "--virtual-camera-fit", "letterbox", "--duration", "5"], _file);
        session.Save("ocean waves", 0.45f, new ViewModes(Split: true, PreserveColor: false, Mirror: true), virtualCamera: true, _ => { });

        var saved = _file.Load(_ => { });
        Assert.That(saved.Source, Is.EqualTo("pattern"));
        Assert.That(saved.Size, Is.EqualTo("200"));
        Assert.That(saved.Style, Is.EqualTo("ocean waves"));
        Assert.That(saved.Alpha, Is.EqualTo(0.45f));
        Assert.That(saved.Split, Is.True);
        Assert.That(saved.PreserveColor, Is.Null);
        Assert.That(saved.Mirror, Is.True, "X turned the preview's mirror on");
        Assert.That(saved.MirrorOutput, Is.True);
        Assert.That(saved.VirtualCamera, Is.True);
        Assert.That(saved.VirtualCameraFit, Is.EqualTo("letterbox"));
        Assert.That(File.ReadAllText(_file.Path), Does.Not.Contain("duration"), "a one-off option is not a setting");
    }

    [Test]
    public void TheRegionsModeKLeftIsRememberedAndPassedOn()
    {
        var session = SettingsSession.Start(["--source", "pattern"], _file);
        session.Save("ocean waves", 1f, new ViewModes(false, false, false, StylizedRegions.Person), virtualCamera: false, _ => { });
        Assert.That(_file.Load(_ => { }).Regions, Is.EqualTo("person"));
        var next = SettingsSession.Start(["--source", "pattern"], _file);
        Assert.That(LiveOptions.Parse(next.Arguments).Regions, Is.EqualTo(StylizedRegions.Person), "the next start begins with it");

        // Cycled back to all: nothing to remember. The command line still wins.
        next.Save("ocean waves", 1f, new ViewModes(false, false, false, StylizedRegions.All), virtualCamera: false, _ => { });
        Assert.That(_file.Load(_ => { }).Regions, Is.Null);
        _file.Save(new LiveSettings { Regions = "background" }, _ => { });
        Assert.That(LiveOptions.Parse(SettingsSession.Start(["--regions", "all"], _file).Arguments).Regions, Is.EqualTo(StylizedRegions.All));

        // No usable mask (bad weights, still loading): the mode asked for is kept, not overwritten by all.
        var unavailable = SettingsSession.Start([], _file);
        unavailable.Save("ocean waves", 1f, new ViewModes(false, false, false, Regions: null), virtualCamera: false, _ => { });
        Assert.That(_file.Load(_ => { }).Regions, Is.EqualTo("background"));
    }

    [Test]
    public void ResetSettingsForgetsThem()
    {
        _file.Save(new LiveSettings { Size = "96", Split = true }, _ => { });
        var session = SettingsSession.Start(["--reset-settings", "--alpha", "0.5"], _file);
        Assert.That(File.Exists(_file.Path), Is.False);
        Assert.That(session.Arguments, Is.EqualTo(new[] { "--alpha", "0.5" }));
        Assert.That(session.Messages.Single(), Does.Contain("forgotten"));
    }

    [Test]
    public void AWrongCommandLineIsStillTheUsersError()
    {
        _file.Save(new LiveSettings { Size = "96" }, _ => { });
        Assert.Throws<UsageException>(() => SettingsSession.Start(["--alpha", "3"], _file));
    }

    [Test]
    [NonParallelizable]
    public void TheLiveViewStartsDespiteADamagedSettingsFile()
    {
        var file = SettingsFile.Default;
        Assert.That(file.Path, Does.StartWith(TestEnvironment.UserDirectories), "the test run's own config folder");
        Directory.CreateDirectory(Path.GetDirectoryName(file.Path)!);
        File.WriteAllText(file.Path, "{ not json");
        try
        {
            var result = CliRunner.Run("--headless", "--source", "pattern", "--size", "64", "--style-size", "128", "--precision", "fp32",
                "--styles", Path.Combine(TestEnvironment.RepositoryRoot, "models", "styles"), "--duration", "1");
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            Assert.That(result.Errors, Does.Contain("is damaged").And.Contain("stopped after"));
        }
        finally
        {
            File.Delete(file.Path);
            File.Delete(file.Path + ".damaged");
        }
    }
}
