using System.CommandLine;
using LiveStyle.App.Cli;
using LiveStyle.Core.Networks.AdaIn;
using LiveStyle.Core;
using LiveStyle.Core.Models;
using LiveStyle.Core.Networks.MicroAst;
using LiveStyle.Core.Quantization;

namespace LiveStyle.App;

/// <summary>
/// `livestyle int8-ranges [--out DIR]`: calibrates the int8 stylizer on the calibration images (as
/// --precision int8 does; the quality gate runs) and writes the calibration's outcome, keyed by the
/// weights' hash, into DIR (default: the shipped folder, models/int8 in a checkout), to be committed.
/// </summary>
public static class Int8RangesCommand
{
    public static Command CreateCommand()
    {
        var output = CliOption.Text("out", "DIR", "where to write the ranges file (default: models/int8 in the checkout)");
        var weights = SharedOptions.Weights();
        var calibration = new CalibrationOptionSet();
        var command = new Command("int8-ranges", """
            (maintainers) Calibrates the int8 stylizers (AdaIN's, and the fast network's when its weights are there) on the
            calibration images and writes their per-tensor ranges as stylizer-int8-ranges.<weights hash>.json and
            fast_stylizer-int8-ranges.<weights hash>.json into --out, so that int8 works on machines that have only the
            weights. The quality gate must pass.
            """)
        {
            output, weights,
        };
        foreach (var option in calibration.All) command.Options.Add(option);
        command.SetAction(result => Run(result.GetValue(output), result.GetValue(weights), calibration.Read(result),
            result.InvocationConfiguration.Output, result.InvocationConfiguration.Error));
        return command;
    }

    private static int Run(string? outDirectory, string? weights, CalibrationOptions calibration, TextWriter output, TextWriter errors)
    {
        var directory = outDirectory ?? LiveStylePaths.Int8RangesDirectory;
        var store = ModelStore.Locate(weights);
        var set = CalibrationSet.Open(calibration.ResolvedContentDirectory, calibration.ResolvedStyleDirectory);
        void Log(string message) => errors.WriteLine($"livestyle: {message}");
        var settings = QuantizationSettings.Default;
        Write(directory, output, "int8 stylizer", AdaInInt8Stylizer.RangesKey, store.WeightsHash(AdaInModels.Family), AdaInInt8Stylizer.GetOrBuild(store, set, settings, Log),
            AdaInInt8Stylizer.RangesPath(store, set, settings), AdaInInt8Stylizer.ModelPath(store, set, settings));
        if (MicroAstWeights.IsIn(store.WeightsDirectory))
        {
            var fast = MicroAstQuantization.DefaultSettings;
            Write(directory, output, "int8 fast stylizer", MicroAstQuantization.RangesKey, store.WeightsHash(MicroAstModels.Family), MicroAstQuantization.GetOrBuild(store, set, fast, Log),
                MicroAstQuantization.RangesPath(store, set, fast), MicroAstQuantization.ModelPath(store, set, fast));
        }
        return 0;
    }

    /// <summary>Copies one build's ranges (written beside its model) into the shipped folder under its weights' hash.</summary>
    private static void Write(string directory, TextWriter output, string name, Int8RangesKey key, string weightsHash, Int8StylizerResult build,
        string rangesPath, string modelPath)
    {
        if (!build.Accepted)
            throw new LiveStyleException($"the {name} was refused by the quality gate ({build.Report.Failure()}); no ranges written");
        var ranges = Int8Ranges.TryRead(rangesPath)
            ?? throw new LiveStyleException($"the {name}'s build left no ranges file; delete {modelPath} and run this again");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, Int8Ranges.FileName(key, weightsHash));
        File.WriteAllText(path, ranges.ToJson());
        output.WriteLine($"wrote {path} ({ranges.Activations.Count} activations; gate: {build.Report.Summary()})");
    }
}
