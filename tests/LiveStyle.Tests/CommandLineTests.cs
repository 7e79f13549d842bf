using System.CommandLine;
using LiveStyle.App;
using NUnit.Framework;

namespace LiveStyle.Tests;

/// <summary>The command line as System.CommandLine gives it: generated help, --version, typos, completion, exit code 2.</summary>
public class CommandLineTests
{
    /// <summary>The options README documents, per command: an option dropped from the definitions fails the help test.</summary>
    private static readonly Dictionary<string, string[]> Documented = new()
    {
        ["live"] =
        [
            "source", "camera-size", "fps", "styles", "style-size", "size", "network", "alpha", "crossfade", "device", "precision",
            "calibration", "calibration-styles", "weights", "headless", "duration", "window", "fullscreen", "split", "preserve-color",
            "record", "codec", "record-fps", "recordings", "snapshots", "virtual-camera", "virtual-camera-size", "virtual-camera-fit",
            "virtual-camera-fps", "mirror", "mirror-output", "stream", "stream-fps", "reset-settings", "temporal",
        ],
        ["stylize"] =
        [
            "content", "style", "style-weights", "alpha", "content-size", "style-size", "crop", "preserve-color", "device", "network",
            "precision", "calibration", "calibration-styles", "weights", "out", "temporal",
        ],
        ["weights"] = ["vgg", "decoder", "microast", "out"],
        ["int8-ranges"] = ["out", "weights", "calibration", "calibration-styles"],
        ["devices"] = [],
    };

    private static Command Subcommand(string name) => LiveStyleCommands.Create().Subcommands.Single(c => c.Name == name);

    [TestCaseSource(nameof(Commands))]
    public void HelpListsEveryOption(string command)
    {
        var defined = Subcommand(command).Options.Select(o => o.Name).ToArray();
        Assert.That(defined, Is.SupersetOf(Documented[command].Select(name => $"--{name}")), "every documented option is defined");

        var help = CliRunner.Run(command, "--help");
        Assert.That(help.ExitCode, Is.Zero, help.ToString());
        Assert.That(help.Errors, Is.Empty);
        foreach (var option in defined.Append("--help"))
            Assert.That(help.Output, Does.Contain($"  {option} ").Or.Contain($"  {option}\n").Or.Contain($", {option}"), $"'{command} --help' lists {option}");
    }

    private static IEnumerable<string> Commands() => Documented.Keys;

    [TestCase("--help")]
    [TestCase("-h")]
    [TestCase("help")]
    public void TheRootHelpListsTheCommandsAndTheLiveViewsOptions(string flag)
    {
        var help = CliRunner.Run(flag);
        Assert.That(help.ExitCode, Is.Zero, help.ToString());
        foreach (var command in Documented.Keys)
            Assert.That(help.Output, Does.Contain($"  {command} "), $"the root help names '{command}'");
        foreach (var option in Documented["live"].Append("paths").Append("version"))
            Assert.That(help.Output, Does.Contain($"--{option} "), $"without a command the live view's options apply: --{option}");
    }

    [Test]
    public void WithoutArgumentsTheLiveViewRunsWithItsDefaults()
    {
        var result = LiveStyleCommands.Create().Parse([]);
        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.CommandResult.Command, Is.InstanceOf<RootCommand>());
        Assert.That(result.Action, Is.Not.Null, "the root runs the live view");
        var options = LiveStyle.App.Live.LiveOptions.Parse([]);
        Assert.That((options.Alpha, options.StyleSize, options.WindowSize, options.Headless), Is.EqualTo((1f, 512, (960, 540), false)));
    }

    [Test]
    public void VersionPrintsAVersion()
    {
        var result = CliRunner.Run("--version");
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Output.Trim(), Does.Match(@"^\d+\.\d+\.\d+"));
        Assert.That(result.Errors, Is.Empty);
    }

    [TestCase("--netwrok", "fast", "--network")]
    [TestCase("stylize", "--alpah", "--alpha")]
    public void ATypoIsAUsageErrorThatSuggestsTheOption(string first, string second, string meant)
    {
        var result = CliRunner.Run(first, second);
        result.AssertOneLineError(2, $"unknown option {(first.StartsWith('-') ? first : second)} ");
        Assert.That(result.Errors, Does.Contain($"did you mean {meant}?"));
    }

    [Test]
    public void AnUnknownCommandIsAUsageError()
    {
        CliRunner.Run("stylise", "--content", "a.jpg").AssertOneLineError(2, "unknown command 'stylise' (did you mean stylize?)");
        Assert.That(CliRunner.Run("frobnicate").Errors, Does.Contain("unknown command 'frobnicate'"));
    }

    [Test]
    public void AnAtSignIsNotAResponseFile()
    {
        // "@FILE" would read arguments from FILE; /dev/zero made the parser fail inside ("this is a bug").
        CliRunner.Run("@/dev/zero", "--headless").AssertOneLineError(2, "unknown command '@/dev/zero'");
        var missing = CliRunner.Run("stylize", "--content", "@photo.jpg", "--style", "x.jpg", "--out", "y.png");
        Assert.That(missing.Errors, Does.Not.Contain("Response file"), missing.ToString());
    }

    [TestCase("--size", "12x", "--size '12x'")]
    [TestCase("--network", "foo", "--network 'foo'")]
    [TestCase("--style-size", "9999", "--style-size must be a whole number from 64 to 2048")]
    [TestCase("--stream", "70000", "--stream must be a whole number")]
    [TestCase("--stream-fps", "0", "--stream-fps must be a number from 1 to 120")]
    [TestCase("--window", "big", "--window must be WIDTHxHEIGHT")]
    [TestCase("--virtual-camera-fit", "stretch", "--virtual-camera-fit must be crop or letterbox")]
    [TestCase("--temporal", "maybe", "temporal")]
    [TestCase("--source", "", "--source needs a value")]
    public void ABadValueIsAUsageErrorNamingTheOption(string option, string value, string message) =>
        CliRunner.Run("--headless", option, value).AssertOneLineError(2, message);

    [Test]
    public void AnOptionWithoutItsValueIsAUsageError() => CliRunner.Run("stylize", "--content").AssertOneLineError(2, "--content needs a value");

    [Test]
    public void TheSuggestDirectiveCompletesOptionsAndValues()
    {
        var options = CliRunner.Run("[suggest:12]", "stylize --ne");
        Assert.That(options.ExitCode, Is.Zero, options.ToString());
        Assert.That(options.Output.Split('\n', StringSplitOptions.TrimEntries), Does.Contain("--network"));

        var values = CliRunner.Run("[suggest:20]", "stylize --network ");
        Assert.That(values.Output.Split('\n', StringSplitOptions.TrimEntries), Is.SupersetOf(new[] { "adain", "fast" }));
    }

    [Test]
    public void OptionsTakeTheirValueAfterAnEqualsSign()
    {
        var options = LiveStyle.App.Live.LiveOptions.Parse(["--size=640x360", "--alpha=0.25", "--virtual-camera=/dev/video7"]);
        Assert.That((options.Size.ToString(), options.Alpha, options.VirtualCameraDevice), Is.EqualTo(("640x360", 0.25f, "/dev/video7")));
    }
}
