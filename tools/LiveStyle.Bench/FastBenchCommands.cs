using System.Globalization;
using LiveStyle.Core;
using LiveStyle.Core.Models;
using LiveStyle.Core.Networks.MicroAst;
using Microsoft.ML.OnnxRuntime;

namespace LiveStyle.Bench;

/// <summary>The fast network's benchmark modes.</summary>
public static class FastBenchCommands
{
    /// <summary>--fast-variants [--size WxH] [--profile DIR]: each graph rewrite and session setting, interleaved.</summary>
    public static int Variants(string[] args, string? weights, int runs)
    {
        string Option(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        var size = Option("--size", "640x360").Split('x');
        var (width, height) = (int.Parse(size[0], CultureInfo.InvariantCulture), int.Parse(size[1], CultureInfo.InvariantCulture));
        var profile = args.Contains("--profile") ? Option("--profile", ".") : null;
        var store = ModelStore.Locate(weights);
        var signals = FastBenchInputs.Signals(store, Path.Combine(LiveStyleHome.Root, "models", "styles", "ocean_waves.png"));
        var content = FastBenchInputs.Content(width, height);
        var only = Option("--variants", "");
        var variants = AllVariants().Where(v => only.Length == 0 || only.Split(',').Contains(v.Name)).ToList();
        var table = FastVariantsBench.Run(store.FastWeights, variants, width, height, content, signals, runs, profile);
        Console.Write(table.Render());
        return 0;
    }

    private static IEnumerable<FastVariantsBench.Variant> AllVariants()
    {
        yield return new("plain", MicroAstBuildOptions.Plain, FastVariantsBench.DefaultSession);
        yield return new("fold", MicroAstBuildOptions.Plain with { FoldModulation = true }, FastVariantsBench.DefaultSession);
        yield return new("out-s2d2", MicroAstBuildOptions.Plain with { OutputSpaceToDepth = 2 }, FastVariantsBench.DefaultSession);
        yield return new("out-s2d4", MicroAstBuildOptions.Plain with { OutputSpaceToDepth = 4 }, FastVariantsBench.DefaultSession);
        yield return new("in-s2d2", MicroAstBuildOptions.Plain with { InputSpaceToDepth = 2 }, FastVariantsBench.DefaultSession);
        yield return new("in-s2d4", MicroAstBuildOptions.Plain with { InputSpaceToDepth = 4 }, FastVariantsBench.DefaultSession);
        yield return new("regroup", MicroAstBuildOptions.Plain with { RegroupConvs = true }, FastVariantsBench.DefaultSession);
        yield return new("default", MicroAstBuildOptions.Default, FastVariantsBench.DefaultSession);
    }
}
