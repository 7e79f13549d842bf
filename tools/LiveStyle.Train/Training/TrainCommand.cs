using System.Diagnostics;
using LiveStyle.Core.Networks.AdaIn;
using LiveStyle.Core;
using LiveStyle.Core.Weights;
using LiveStyle.Train.Networks;
using TorchSharp;
using static TorchSharp.torch;

namespace LiveStyle.Train.Training;

/// <summary>`train`: the training loop, with checkpoints, resume, CSV log, loss plot and progress.</summary>
public static class TrainCommand
{
    public static int Run(TrainOptions options, TextWriter output, TextWriter progress, bool interactive, CancellationToken cancel)
    {
        var device = TrainingDevice.Resolve(options.Device);
        var contentFiles = ImageFolder.List(options.ContentDirectory, "content folder");
        var styleFiles = ImageFolder.List(options.StyleDirectory, "style folder");
        var run = options.RunDirectory;
        var checkpoint = Checkpoint.Locate(run);
        if (checkpoint is not null && !options.Resume)
            throw new LiveStyleException($"{run} already holds a training run (checkpoint at iteration {Checkpoint.ReadState(checkpoint).Iteration}): pass --resume to continue it, or choose another --output folder");
        if (checkpoint is not null && Checkpoint.ReadState(checkpoint).Iteration >= options.Iterations)
            throw new LiveStyleException($"{run} is already at iteration {Checkpoint.ReadState(checkpoint).Iteration}; raise --iterations above it to train further");
        try { Directory.CreateDirectory(run); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LiveStyleException($"cannot create the run folder {run}: {e.Message}", e);
        }

        var encoderPath = EncoderFor(run, options.WeightsDirectory, resuming: checkpoint is not null);
        using var encoder = new AdaInEncoder();
        encoder.Load(SafetensorsFile.Read(encoderPath), encoderPath);
        encoder.To(device);

        torch.manual_seed(options.Seed);
        using var decoder = new AdaInDecoder();
        decoder.To(device);
        decoder.Layers.train();
        using var optimizer = optim.Adam(decoder.Layers.parameters(), lr: options.LearningRate);

        var state = new CheckpointState(0, 0, 0, options.Seed);
        if (checkpoint is not null)
        {
            foreach (var note in RunSettings.Changes(run, options)) output.WriteLine(note);
            state = Checkpoint.Load(checkpoint, decoder, optimizer);
            output.WriteLine($"resuming {run} from iteration {state.Iteration}");
        }
        else
        {
            if (options.Resume) output.WriteLine($"no checkpoint in {run}: starting a new run");
            RunSettings.Write(run, options);
        }

        var warn = (string message) => output.WriteLine($"warning: {message}");
        var contentSampler = new ImageSampler(contentFiles, "content", state.Seed, 1, options.ImageSize, options.Crop, warn) { Position = state.ContentPosition };
        var styleSampler = new ImageSampler(styleFiles, "style", state.Seed, 2, options.ImageSize, options.Crop, warn) { Position = state.StylePosition };
        output.WriteLine($"training on {device.type.ToString().ToLowerInvariant()} with {contentFiles.Count} content and {styleFiles.Count} style images: " +
                         $"batch {options.Batch}, crop {options.Crop}, iterations {state.Iteration + 1}…{options.Iterations}");

        using var log = new TrainingLog(run, state.Iteration);
        var bar = new ProgressBar(progress, interactive, state.Iteration, options.Iterations);
        var iteration = state.Iteration;
        while (iteration < options.Iterations && !cancel.IsCancellationRequested)
        {
            var clock = Stopwatch.StartNew();
            var learningRate = options.LearningRate / (1.0 + options.LearningRateDecay * iteration);
            foreach (var group in optimizer.ParamGroups) group.LearningRate = learningRate;
            using (var scope = NewDisposeScope())
            {
                var content = Batch(contentSampler, options.Batch, options.Crop, device);
                var style = Batch(styleSampler, options.Batch, options.Crop, device);
                var loss = AdaInLoss.Compute(encoder, decoder, content, style, options.ContentWeight, options.StyleWeight);
                var total = loss.Total.item<float>();
                if (!float.IsFinite(total))
                    throw new LiveStyleException($"the loss became {total} at iteration {iteration + 1}; the first non-finite value: " +
                                                 $"{NonFinite.FirstStage(decoder, loss) ?? "none found"}. Resume from the last checkpoint, or lower --lr");
                optimizer.zero_grad();
                loss.Total.backward();
                // A non-finite gradient would turn the decoder's weights into NaN in the step, so it stops here, before the step.
                if (NonFinite.FirstGradient(decoder) is { } gradient)
                    throw new LiveStyleException($"at iteration {iteration + 1} the loss was finite ({total}) but {gradient}. Resume from the last checkpoint, or lower --lr");
                optimizer.step();
                // Finite gradients with a corrupt optimizer state (a resumed checkpoint's moments) could still do it.
                if (NonFinite.FirstParameter(decoder) is { } parameter)
                    throw new LiveStyleException($"the optimizer step of iteration {iteration + 1} left non-finite values in {parameter}; the gradients " +
                                                 "were finite, so the optimizer state may be corrupt: resume from an earlier copy of the run, or start a new one");
                iteration++;
                var row = new LossRow(iteration, learningRate, loss.Content.item<float>(), loss.Style.item<float>(), total, clock.Elapsed.TotalSeconds);
                log.Add(row);
                bar.Report(row);
            }
            if (iteration % options.CheckpointEvery == 0 || iteration == options.Iterations || cancel.IsCancellationRequested)
                SaveCheckpoint(run, decoder, optimizer, new CheckpointState(iteration, contentSampler.Position, styleSampler.Position, state.Seed), log, options);
        }
        bar.Finish();
        if (cancel.IsCancellationRequested)
        {
            output.WriteLine($"stopped at iteration {iteration}; continue with the same command and --resume");
            return 130;
        }
        output.WriteLine($"done: {iteration} iterations; log {Path.Combine(run, TrainingLog.FileName)}, plot {Path.Combine(run, LossPlot.FileName)}");
        output.WriteLine($"export the weights with: LiveStyle.Train export --checkpoint {run} --output DIR");
        return 0;
    }

    private static void SaveCheckpoint(string run, AdaInDecoder decoder, optim.Optimizer optimizer, CheckpointState state, TrainingLog log, TrainOptions options)
    {
        Checkpoint.Save(run, decoder, optimizer, state);
        // A snapshot of each checkpoint's decoder, like pytorch-AdaIN's decoder_iter_N files.
        SafetensorsFile.Write(Path.Combine(run, $"decoder_iter_{state.Iteration}.safetensors"), decoder.Weights(),
            new Dictionary<string, string> { ["livestyle.iteration"] = state.Iteration.ToString() });
        LossPlot.Write(Path.Combine(run, LossPlot.FileName), log.Rows, options.StyleWeight, options.ContentWeight);
    }

    /// <summary>The run's own copy of the encoder; a new run copies it from the weights folder, so the run folder is self-contained.</summary>
    private static string EncoderFor(string run, string? weightsOption, bool resuming)
    {
        var copy = Path.Combine(run, AdaInWeights.EncoderFileName);
        if (resuming && File.Exists(copy)) return copy;
        var source = Path.Combine(AdaInWeights.LocateDirectory(weightsOption), AdaInWeights.EncoderFileName);
        try { File.Copy(source, copy, overwrite: true); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LiveStyleException($"cannot copy the encoder {source} into {run}: {e.Message}", e);
        }
        return copy;
    }

    private static Tensor Batch(ImageSampler sampler, int batch, int crop, Device device)
    {
        var planeSize = 3 * crop * crop;
        var data = new float[batch * planeSize];
        for (var i = 0; i < batch; i++) sampler.Next().Data.CopyTo(data, i * planeSize);
        return tensor(data, [batch, 3, crop, crop]).to(device);
    }
}
