using LiveStyle.Train.Cli;

namespace LiveStyle.Train.Training;

/// <summary>The options of `train`, parsed and range-checked.</summary>
public sealed record TrainOptions(
    string ContentDirectory,
    string StyleDirectory,
    string RunDirectory,
    int Iterations,
    int Batch,
    int Crop,
    int ImageSize,
    double LearningRate,
    double LearningRateDecay,
    double StyleWeight,
    double ContentWeight,
    string Device,
    int Seed,
    bool Resume,
    int CheckpointEvery,
    string? WeightsDirectory)
{
    public const string Help = """
        usage: LiveStyle.Train train --content DIR --style DIR --output RUN_DIR [options]

        Trains an AdaIN decoder as in Huang & Belongie (2017) / pytorch-AdaIN's train.py: images are
        scaled to --image-size on the shorter side and randomly cropped; loss = content loss at
        relu4_1 against the AdaIN target + style weight × style loss on the mean and std of
        relu1_1…relu4_1; Adam with lr / (1 + lr-decay × iteration). The encoder is frozen.
          --content DIR           content images (e.g. MS-COCO); sub-folders are searched too
          --style DIR             style images (e.g. WikiArt)
          --output RUN_DIR        run folder: checkpoint/, decoder_iter_N.safetensors, log.csv, loss.png
          --iterations N          total iterations (default 160000)
          --batch N               images per batch (default 8)
          --crop N                random crop size (default 256)
          --image-size N          shorter side before cropping (default 512)
          --lr X                  learning rate (default 1e-4)
          --lr-decay X            learning-rate decay (default 5e-5)
          --style-weight X        λ (default 10; 1e-2 gives a content-similar decoder)
          --content-weight X      (default 1)
          --device cpu|cuda[:N]   (default cpu)
          --seed N                seeds the decoder's initial weights, image order and crops (default 1)
          --checkpoint-every N    iterations between checkpoints (default 1000)
          --resume                continue RUN_DIR from its last checkpoint (a new run when it has none)
          --weights DIR           folder with vgg_normalised_relu4_1.safetensors (else $LIVESTYLE_WEIGHTS, else models/weights)
        Ctrl+C stops after the current iteration and writes a checkpoint first.
        """;

    private static readonly string[] ValueOptions =
        ["content", "style", "output", "iterations", "batch", "crop", "image-size", "lr", "lr-decay", "style-weight",
         "content-weight", "device", "seed", "checkpoint-every", "weights"];

    public static TrainOptions Parse(IReadOnlyList<string> args)
    {
        var o = new Arguments("train", args, ValueOptions, ["resume"]);
        var options = new TrainOptions(
            ContentDirectory: o.Required("content"),
            StyleDirectory: o.Required("style"),
            RunDirectory: o.Required("output"),
            Iterations: o.Int("iterations", 160_000, 1, int.MaxValue),
            Batch: o.Int("batch", 8, 1, 1024),
            Crop: o.Int("crop", 256, 16, 4096),
            ImageSize: o.Int("image-size", 512, 16, 8192),
            LearningRate: o.Double("lr", 1e-4, 1e-12, 10),
            LearningRateDecay: o.Double("lr-decay", 5e-5, 0, 10),
            StyleWeight: o.Double("style-weight", 10, 0, 1e9),
            ContentWeight: o.Double("content-weight", 1, 0, 1e9),
            Device: o.Optional("device") ?? "cpu",
            Seed: o.Int("seed", 1, 0, int.MaxValue),
            Resume: o.Flag("resume"),
            CheckpointEvery: o.Int("checkpoint-every", 1000, 1, int.MaxValue),
            WeightsDirectory: o.Optional("weights"));
        if (options.Crop > options.ImageSize)
            throw new UsageException($"--crop {options.Crop} is larger than --image-size {options.ImageSize}: crops are taken from images scaled to that shorter side");
        return options;
    }
}
