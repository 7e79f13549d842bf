using LiveStyle.Train.Networks;
using LiveStyle.Train.Training;
using NUnit.Framework;
using static TorchSharp.torch;

namespace LiveStyle.Train.Tests;

/// <summary>
/// When a training iteration goes non-finite, the error names where it started: a NaN or Inf put
/// into one place of a real iteration (shared encoder, seeded decoder, crops of the shared images)
/// is found there, and not earlier.
/// </summary>
public class NonFiniteTests
{
    private const int Crop = 32;
    private string _dir = "";

    [SetUp]
    public void CreateFolder() => _dir = SharedData.NewTempDirectory();

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void AFiniteIterationHasNoNonFiniteStageOrGradient()
    {
        using var scope = NewDisposeScope();
        using var decoder = NewDecoder();
        var loss = Iteration(decoder, Crops(SharedData.ContentImages), Crops(SharedData.StyleImages));
        Assert.That(NonFinite.FirstStage(decoder, loss), Is.Null);
        Assert.That(NonFinite.FirstGradient(decoder), Is.Null);
        Assert.That(loss.Stages.Select(s => s.Name).Take(3), Is.EqualTo(new[] { "the content batch", "the style batch", "the style batch's relu1_1 features" }));
        Assert.That(loss.Stages[^1].Name, Is.EqualTo("the total loss"));
    }

    [Test]
    public void ANaNInTheContentBatchIsNamedWithItsSample()
    {
        using var scope = NewDisposeScope();
        using var decoder = NewDecoder();
        var content = Crops(SharedData.ContentImages);
        content[1, 2, 5, 7] = float.NaN;
        var loss = Iteration(decoder, content, Crops(SharedData.StyleImages));
        Assert.That(loss.Total.item<float>(), Is.NaN, "the injected NaN reaches the loss");
        Assert.That(NonFinite.FirstStage(decoder, loss), Is.EqualTo($"the content batch: 1 NaN, 0 ±Inf of {2 * 3 * Crop * Crop} values, first in sample 1"));
    }

    [Test]
    public void AnInfinityInTheStyleBatchIsNamed()
    {
        using var scope = NewDisposeScope();
        using var decoder = NewDecoder();
        var style = Crops(SharedData.StyleImages);
        style[0, 0, 0, 0] = float.PositiveInfinity;
        var loss = Iteration(decoder, Crops(SharedData.ContentImages), style);
        Assert.That(float.IsFinite(loss.Total.item<float>()), Is.False);
        Assert.That(NonFinite.FirstStage(decoder, loss), Does.StartWith("the style batch: 0 NaN, 1 ±Inf").And.EndWith("first in sample 0"));
    }

    [Test]
    public void ANonFiniteDecoderWeightIsNamedBeforeWhatItSpoils()
    {
        using var scope = NewDisposeScope();
        using var decoder = NewDecoder();
        using (no_grad())
            decoder.Layers.named_parameters().Single(p => p.name == "14.weight").parameter[3, 4, 1, 1] = float.NaN;
        var loss = Iteration(decoder, Crops(SharedData.ContentImages), Crops(SharedData.StyleImages));
        Assert.That(NonFinite.FirstStage(decoder, loss), Is.EqualTo($"decoder parameter 14.weight (deconv3_1): 1 NaN, 0 ±Inf of {128 * 256 * 9} values"));
    }

    [Test]
    public void ANonFiniteGradientIsNamed()
    {
        using var scope = NewDisposeScope();
        using var decoder = NewDecoder();
        Iteration(decoder, Crops(SharedData.ContentImages), Crops(SharedData.StyleImages));
        using (no_grad())
        using (var gradient = decoder.Layers.named_parameters().Single(p => p.name == "28.bias").parameter.grad!)
            gradient[2] = float.NegativeInfinity;
        Assert.That(NonFinite.FirstGradient(decoder), Is.EqualTo("the gradient of decoder parameter 28.bias (deconv1_1): 0 NaN, 1 ±Inf of 3 values"));
    }

    [TestCase(1)]
    [TestCase(2)]
    public void FlatImagesAtTheSmallestCropTrainWithFiniteLosses(int batch)
    {
        // Solid colours give constant feature channels (zero variance) everywhere: the std's ε and its gradient must carry them.
        var images = Path.Combine(_dir, "flat");
        Directory.CreateDirectory(images);
        foreach (var (name, value) in new[] { ("white", 255), ("black", 0), ("grey", 128) })
            using (var image = new OpenCvSharp.Mat(24, 17, OpenCvSharp.MatType.CV_8UC3, OpenCvSharp.Scalar.All(value)))
                OpenCvSharp.Cv2.ImWrite(Path.Combine(images, name + ".png"), image);
        var run = Path.Combine(_dir, "run");
        var result = CliRun.Of("train", "--content", images, "--style", images, "--output", run, "--iterations", "6",
            "--batch", batch.ToString(), "--crop", "16", "--image-size", "16", "--seed", "5", "--weights", SharedData.WeightsDirectory);
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var totals = File.ReadLines(Path.Combine(run, TrainingLog.FileName)).Skip(1).Select(LossRow.Parse).Select(r => r!.Total).ToList();
        Assert.That(totals, Has.Count.EqualTo(6).And.All.Matches<double>(double.IsFinite));
    }

    [Test]
    public void ATrainingRunThatDivergesSaysWhereTheLossWentNonFinite()
    {
        // The largest learning rate the tool accepts throws the decoder's weights so far in one step that the next forward pass overflows.
        var run = Path.Combine(_dir, "run");
        var result = CliRun.Of(Train(run, 4, "--lr", "10"));
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Errors, Does.Match("the loss became [^ ]+ at iteration [2-4]; the first non-finite value: the (decoder output|content loss|style loss)"));
        Assert.That(File.ReadLines(Path.Combine(run, TrainingLog.FileName)).Count(), Is.GreaterThan(1), "iteration 1 was finite and logged");
    }

    [Test]
    public void ACorruptOptimizerStateIsCaughtInTheStepBeforeAnyCheckpointKeepsIt()
    {
        var run = Path.Combine(_dir, "run");
        Assert.That(CliRun.Of(Train(run, 1, "--checkpoint-every", "1")).ExitCode, Is.Zero);
        // Adam's first moments of the first parameter become NaN in the checkpoint (the file stays well-formed).
        using (var decoder = new AdaInDecoder())
        using (var optimizer = optim.Adam(decoder.Layers.parameters(), lr: 1e-4))
        {
            var state = Checkpoint.Load(Checkpoint.Locate(run)!, decoder, optimizer);
            ((TorchSharp.Modules.Adam.State)optimizer.state_dict().State[0]).exp_avg.fill_(float.NaN);
            Checkpoint.Save(run, decoder, optimizer, state);
        }

        var resumed = CliRun.Of(Train(run, 3, "--checkpoint-every", "1", "--resume"));
        Assert.That(resumed.ExitCode, Is.EqualTo(1), resumed.ToString());
        Assert.That(resumed.Errors, Does.Contain("the optimizer step of iteration 2 left non-finite values in decoder parameter 1.weight (deconv4_1)")
            .And.Contain("optimizer state may be corrupt"));
        Assert.That(Checkpoint.ReadState(Checkpoint.Locate(run)!).Iteration, Is.EqualTo(1), "no checkpoint holds the NaN weights");
    }

    private static string[] Train(string run, int iterations, params string[] extra) =>
    [
        "train", "--content", SharedData.ContentImages, "--style", SharedData.StyleImages, "--output", run, "--iterations", iterations.ToString(),
        "--batch", "2", "--crop", Crop.ToString(), "--image-size", "48", "--seed", "5", "--weights", SharedData.WeightsDirectory, .. extra,
    ];

    private static AdaInDecoder NewDecoder()
    {
        manual_seed(5);
        return new AdaInDecoder();
    }

    /// <summary>Forward and backward of one iteration, as the training loop runs it.</summary>
    private static LossTerms Iteration(AdaInDecoder decoder, Tensor content, Tensor style)
    {
        var loss = AdaInLoss.Compute(Networks.Encoder, decoder, content, style, 1, 10);
        loss.Total.backward();
        return loss;
    }

    /// <summary>Two random crops of a folder's images, as the training loop batches them.</summary>
    private static Tensor Crops(string folder)
    {
        var files = ImageFolder.List(folder, "images");
        var sampler = new ImageSampler(files, "image", 5, 1, 48, Crop, _ => { });
        var data = new float[2 * 3 * Crop * Crop];
        for (var i = 0; i < 2; i++) sampler.Next().Data.CopyTo(data, i * 3 * Crop * Crop);
        return tensor(data, [2, 3, Crop, Crop]);
    }
}
