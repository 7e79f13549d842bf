using LiveStyle.App;
using LiveStyle.Core.Networks.AdaIn;
using LiveStyle.Core;
using LiveStyle.Core.Weights;
using LiveStyle.Train.Training;
using NUnit.Framework;
using OpenCvSharp;

namespace LiveStyle.Train.Tests;

/// <summary>train → resume → export → livestyle stylize, on the shared sample images with small crops.</summary>
public class TrainCommandTests
{
    private string _dir = "";

    [SetUp]
    public void CreateFolder() => _dir = SharedData.NewTempDirectory();

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_dir, recursive: true);

    private static string[] Train(string run, int iterations, params string[] extra) =>
    [
        "train", "--content", SharedData.ContentImages, "--style", SharedData.StyleImages, "--output", run,
        "--iterations", iterations.ToString(), "--batch", "2", "--crop", "64", "--image-size", "80",
        "--checkpoint-every", "8", "--seed", "5", "--weights", SharedData.WeightsDirectory, .. extra,
    ];

    private static List<LossRow> Log(string run) =>
        [.. File.ReadLines(Path.Combine(run, TrainingLog.FileName)).Skip(1).Select(LossRow.Parse).OfType<LossRow>()];

    private static int CheckpointIteration(string run) => Checkpoint.ReadState(Checkpoint.Locate(run)!).Iteration;

    /// <summary>
    /// Training args on one content and one style image, so batches differ only by their crops and
    /// the loss curve shows learning rather than which images were drawn.
    /// </summary>
    private string[] TrainOnOnePair(string run, int iterations, params string[] extra)
    {
        var content = Path.Combine(_dir, "content");
        var style = Path.Combine(_dir, "style");
        if (!Directory.Exists(content))
        {
            Directory.CreateDirectory(content);
            Directory.CreateDirectory(style);
            File.Copy(Path.Combine(SharedData.ContentImages, "cornell.jpg"), Path.Combine(content, "cornell.jpg"));
            File.Copy(Path.Combine(SharedData.StyleImages, "great_wave__hokusai_c1831.jpg"), Path.Combine(style, "great_wave.jpg"));
        }
        return Swap(Swap(Swap(Train(run, iterations, extra), "--content", content), "--style", style), "--image-size", "64");
    }

    [Test]
    public void TrainsResumesExactlyAndExportsWeightsTheAppRuns()
    {
        // One run straight to 24 iterations…
        var straight = Path.Combine(_dir, "straight");
        var first = CliRun.Of(TrainOnOnePair(straight, 24));
        Assert.That(first.ExitCode, Is.Zero, first.ToString());
        var log = Log(straight);
        Assert.That(log.Select(r => r.Iteration), Is.EqualTo(Enumerable.Range(1, 24)));
        var early = log.Take(6).Average(r => r.Total);
        var late = log.TakeLast(6).Average(r => r.Total);
        TestContext.Out.WriteLine($"mean total loss: iterations 1-6 {early:G4}, 19-24 {late:G4}");
        Assert.That(late, Is.LessThan(0.8 * early), "training lowers the loss");
        Assert.That(CheckpointIteration(straight), Is.EqualTo(24));
        Assert.That(File.Exists(Path.Combine(straight, "decoder_iter_8.safetensors")) && File.Exists(Path.Combine(straight, "decoder_iter_24.safetensors")));
        using (var plot = Cv2.ImRead(Path.Combine(straight, LossPlot.FileName)))
            Assert.That(plot.Empty(), Is.False, "loss.png is an image");

        // …and one stopped at 16, its checkpoint swap cut short (only checkpoint.old left), then resumed to 24.
        var resumed = Path.Combine(_dir, "resumed");
        Assert.That(CliRun.Of(TrainOnOnePair(resumed, 16)).ExitCode, Is.Zero);
        Directory.Move(Path.Combine(resumed, Checkpoint.FolderName), Path.Combine(resumed, Checkpoint.FolderName + ".old"));
        Directory.CreateDirectory(Path.Combine(resumed, Checkpoint.FolderName + ".new"));
        var again = CliRun.Of(TrainOnOnePair(resumed, 24, "--resume"));
        Assert.That(again.ExitCode, Is.Zero, again.ToString());
        Assert.That(again.Output, Does.Contain("from iteration 16"));
        Assert.That(CheckpointIteration(resumed), Is.EqualTo(24));
        var resumedLog = Log(resumed);
        Assert.That(resumedLog.Select(r => r.Iteration), Is.EqualTo(Enumerable.Range(1, 24)));
        for (var i = 16; i < 24; i++)
            Assert.That(resumedLog[i].Total, Is.EqualTo(log[i].Total).Within(1e-3).Percent, $"iteration {i + 1} after resuming");

        // Export the run and stylize a photo with it through the app's own command.
        var weights = Path.Combine(_dir, "weights");
        var export = CliRun.Of("export", "--checkpoint", resumed, "--output", weights, "--onnx");
        Assert.That(export.ExitCode, Is.Zero, export.ToString());
        var loaded = AdaInWeights.Load(weights);
        Assert.That(loaded.Decoder["28.weight"].Data, Is.EqualTo(SafetensorsFile.Read(Path.Combine(resumed, "decoder_iter_24.safetensors"))["28.weight"].Data));
        Assert.That(File.Exists(Path.Combine(weights, "stylizer.onnx")) && File.Exists(Path.Combine(weights, "style_encoder.onnx")));

        var image = Path.Combine(_dir, "stylized.png");
        Environment.SetEnvironmentVariable(LiveStyleHome.ModelsEnvironmentVariable, Path.Combine(_dir, "models"));
        var output = new StringWriter();
        var errors = new StringWriter();
        var code = LiveStyleCli.Run(["stylize", "--content", Path.Combine(SharedData.ContentImages, "cornell.jpg"),
            "--style", Path.Combine(SharedData.StyleImages, "great_wave__hokusai_c1831.jpg"), "--content-size", "64", "--style-size", "64",
            "--device", "cpu", "--weights", weights, "--out", image], output, errors);
        Assert.That(code, Is.Zero, $"{output}\n{errors}");
        using var stylized = Cv2.ImRead(image);
        Assert.That(stylized.Height, Is.EqualTo(64));
    }

    [Test]
    public void ExportsADecoderSnapshotWithItsRunsEncoder()
    {
        var run = Path.Combine(_dir, "run");
        Assert.That(CliRun.Of(Train(run, 2, "--checkpoint-every", "1")).ExitCode, Is.EqualTo(2), "--checkpoint-every given twice is a usage error");
        Assert.That(CliRun.Of(Train(run, 2)).ExitCode, Is.Zero);
        var weights = Path.Combine(_dir, "weights");
        var export = CliRun.Of("export", "--checkpoint", Path.Combine(run, "decoder_iter_2.safetensors"), "--output", weights);
        Assert.That(export.ExitCode, Is.Zero, export.ToString());
        Assert.That(AdaInWeights.Load(weights).Encoder["29.weight"].Data, Is.EqualTo(Networks.Weights.Encoder["29.weight"].Data));
    }

    [Test]
    public void CtrlCWritesACheckpointAndTheRunResumesFromIt()
    {
        var run = Path.Combine(_dir, "run");
        using var cancel = new CancellationTokenSource();
        // The progress line of iteration 2 stands in for the user pressing Ctrl+C.
        var progress = new CancelOnText("\r2/", cancel);
        var output = new StringWriter();
        var code = TrainCli.Run(Train(run, 50), output, new StringWriter(), progress, interactive: true, cancel.Token);
        Assert.That(code, Is.EqualTo(130), output.ToString());
        Assert.That(output.ToString(), Does.Contain("stopped at iteration 2").And.Contain("--resume"));
        Assert.That(CheckpointIteration(run), Is.EqualTo(2));

        var resumed = CliRun.Of(Train(run, 3, "--resume"));
        Assert.That(resumed.ExitCode, Is.Zero, resumed.ToString());
        Assert.That(resumed.Output, Does.Contain("from iteration 2"));
        Assert.That(Log(run).Select(r => r.Iteration), Is.EqualTo(new[] { 1, 2, 3 }));
    }

    /// <summary>A terminal stand-in for the progress bar: cancels once the bar shows <paramref name="trigger"/>.</summary>
    private sealed class CancelOnText(string trigger, CancellationTokenSource cancel) : StringWriter
    {
        public override void Write(string? value)
        {
            base.Write(value);
            if (value is not null && value.StartsWith(trigger, StringComparison.Ordinal)) cancel.Cancel();
        }
    }

    [Test]
    public void BadDatasetsAreClearErrors()
    {
        var empty = Path.Combine(_dir, "empty");
        Directory.CreateDirectory(empty);
        File.WriteAllText(Path.Combine(empty, "readme.txt"), "no images here");
        var run = Path.Combine(_dir, "run");

        var noImages = CliRun.Of(Swap(Train(run, 2), "--style", empty));
        Assert.That(noImages.ExitCode, Is.EqualTo(1), noImages.ToString());
        Assert.That(noImages.Errors, Does.Contain("holds no images"));

        var missing = CliRun.Of(Swap(Train(run, 2), "--content", Path.Combine(_dir, "nowhere")));
        Assert.That(missing.ExitCode, Is.EqualTo(1));
        Assert.That(missing.Errors, Does.Contain("content folder not found"));

        // Unreadable files are skipped with a warning; a folder of nothing but those is an error.
        var junk = Path.Combine(_dir, "junk");
        Directory.CreateDirectory(junk);
        File.WriteAllText(Path.Combine(junk, "a.jpg"), "not a jpeg");
        File.WriteAllBytes(Path.Combine(junk, "b.png"), []);
        var allJunk = CliRun.Of(Swap(Train(run, 2), "--style", junk));
        Assert.That(allJunk.ExitCode, Is.EqualTo(1), allJunk.ToString());
        Assert.That(allJunk.Errors, Does.Contain("none of the 2 style images can be read"));

        File.Copy(Path.Combine(SharedData.StyleImages, "great_wave__hokusai_c1831.jpg"), Path.Combine(junk, "c.jpg"));
        var someJunk = CliRun.Of(Swap(Train(Path.Combine(_dir, "run2"), 2), "--style", junk));
        Assert.That(someJunk.ExitCode, Is.Zero, someJunk.ToString());
        Assert.That(someJunk.Output, Does.Contain("warning: skipping style image").And.Contain("a.jpg"));
    }

    [Test]
    public void BadRunsAndDevicesAreClearErrors()
    {
        var run = Path.Combine(_dir, "run");
        var cuda = CliRun.Of(Train(run, 2, "--device", "cuda"));
        Assert.That(cuda.ExitCode, Is.EqualTo(1));
        Assert.That(cuda.Errors, Does.Contain("CUDA is not available").And.Contain("--device cpu"));

        var crop = CliRun.Of(Swap(Train(run, 2), "--image-size", "32"));
        Assert.That(crop.ExitCode, Is.EqualTo(2));
        Assert.That(crop.Errors, Does.Contain("larger than --image-size"));

        Assert.That(CliRun.Of(Train(run, 2)).ExitCode, Is.Zero);
        var again = CliRun.Of(Train(run, 4));
        Assert.That(again.ExitCode, Is.EqualTo(1));
        Assert.That(again.Errors, Does.Contain("already holds a training run").And.Contain("--resume"));

        var decoder = Path.Combine(run, Checkpoint.FolderName, Checkpoint.DecoderFile);
        File.WriteAllBytes(decoder, File.ReadAllBytes(decoder)[..1000]);
        var corrupt = CliRun.Of(Train(run, 4, "--resume"));
        Assert.That(corrupt.ExitCode, Is.EqualTo(1), corrupt.ToString());
        Assert.That(corrupt.Errors, Does.Contain(decoder).And.Contain("corrupt"));
        var export = CliRun.Of("export", "--checkpoint", run, "--output", Path.Combine(_dir, "w"));
        Assert.That(export.ExitCode, Is.EqualTo(1));
        Assert.That(export.Errors, Does.Contain("corrupt"));

        var notARun = CliRun.Of("export", "--checkpoint", _dir, "--output", Path.Combine(_dir, "w"));
        Assert.That(notARun.ExitCode, Is.EqualTo(1));
        Assert.That(notARun.Errors, Does.Contain("holds no checkpoint"));
    }

    /// <summary>The arguments with one option's value replaced.</summary>
    private static string[] Swap(string[] args, string option, string value)
    {
        var copy = (string[])args.Clone();
        copy[Array.IndexOf(copy, option) + 1] = value;
        return copy;
    }
}
