using LiveStyle.App.Cli;
using LiveStyle.Core;
using LiveStyle.Core.Models;
using LiveStyle.Core.Quantization;

namespace LiveStyle.App;

/// <summary>
/// `livestyle int8-ranges [--out DIR]`: calibrates the int8 stylizer on the calibration images (as
/// --precision int8 does; the quality gate runs) and writes the calibration's outcome, keyed by the
/// weights' hash, into DIR (default: the shipped folder, models/int8 in a checkout), to be committed.
/// </summary>
public static class Int8RangesCommand
{
    public const string Help = """
        usage: livestyle int8-ranges [--out DIR] [--weights DIR] [--calibration DIR] [--calibration-styles DIR]

          Calibrates the int8 stylizer on the calibration images and writes its per-tensor ranges as
          stylizer-int8-ranges.<weights hash>.json into DIR (default: models/int8 in the checkout), so
          that int8 works on machines that have only the weights. The quality gate must pass.
        """;

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter errors)
    {
        var o = new OptionReader("int8-ranges", args, new HashSet<string> { "out", "weights", "calibration", "calibration-styles" }, new HashSet<string>());
        var directory = o.String("out") ?? LiveStylePaths.Int8RangesDirectory;
        var store = ModelStore.Locate(o.String("weights"));
        var calibration = new CalibrationOptions(o.String("calibration"), o.String("calibration-styles"));
        var set = CalibrationSet.Open(calibration.ResolvedContentDirectory, calibration.ResolvedStyleDirectory);
        var settings = QuantizationSettings.Default;
        var result = Int8Stylizer.GetOrBuild(store, set, settings, m => errors.WriteLine($"livestyle: {m}"));
        if (!result.Accepted)
            throw new LiveStyleException($"the int8 stylizer was refused by the quality gate ({result.Report.Failure()}); no ranges written");
        var ranges = Int8Ranges.TryRead(Int8Stylizer.RangesPath(store, set, settings))
            ?? throw new LiveStyleException($"the int8 build left no ranges file; delete {Int8Stylizer.ModelPath(store, set, settings)} and run this again");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, Int8Ranges.FileName(store.WeightsHash));
        File.WriteAllText(path, ranges.ToJson());
        output.WriteLine($"wrote {path} ({ranges.Activations.Count} activations; gate: {result.Report.Summary()})");
        return 0;
    }
}
