using System.CommandLine;
using LiveStyle.App.Cli;
using LiveStyle.Core.Networks.AdaIn;
using LiveStyle.Core;
using LiveStyle.Core.Weights;

namespace LiveStyle.App;

/// <summary>`livestyle weights`: installs downloaded official weights where every command finds them, or says where they are.</summary>
public static class WeightsCommand
{
    public static Command CreateCommand()
    {
        var vgg = CliOption.Text("vgg", "FILE", "pytorch-AdaIN's vgg_normalised.pth (sha256 checked), converted");
        var decoder = CliOption.Text("decoder", "FILE", $"pytorch-AdaIN's decoder.pth (sha256 checked), converted (from {OfficialWeights.AdaInRelease})");
        var microAst = CliOption.Text("microast", "DIR",
            $"the folder with the four MicroAST *_iter_160000.pth.tar files (sha256 checked), copied (from {OfficialWeights.MicroAstRepository})");
        var outDirectory = CliOption.Text("out", "DIR", "where to put them (default: the user data folder, where every command looks)");
        var command = new Command("weights",
            "Installs downloaded official weights where every command finds them. Without options: where the weights are looked for and what is there.")
        {
            vgg, decoder, microAst, outDirectory,
        };
        command.SetAction(result => Run(result.GetValue(vgg), result.GetValue(decoder), result.GetValue(microAst), result.GetValue(outDirectory),
            result.InvocationConfiguration.Output));
        return command;
    }

    private static int Run(string? vgg, string? decoder, string? microAst, string? outDirectory, TextWriter output)
    {
        var directory = outDirectory ?? LiveStylePaths.WeightsDirectory;
        if ((vgg is null) != (decoder is null))
            throw new UsageException("--vgg and --decoder go together (the encoder and the decoder of AdaIN)");
        if (vgg is null && microAst is null)
            return Status(output);

        if (vgg is not null) WeightsInstaller.InstallAdaIn(vgg, decoder!, directory, output.WriteLine);
        if (microAst is not null) WeightsInstaller.InstallMicroAst(microAst, directory, output.WriteLine);
        output.WriteLine("every livestyle command now finds them" + (outDirectory is null ? "" : $" with --weights {directory}"));
        return 0;
    }

    private static int Status(TextWriter output)
    {
        try
        {
            var found = AdaInWeights.LocateDirectory(null);
            var adainPresent = File.Exists(Path.Combine(found, AdaInWeights.EncoderFileName)) && File.Exists(Path.Combine(found, AdaInWeights.DecoderFileName));
            output.WriteLine(adainPresent
                ? $"AdaIN weights: {Path.GetFullPath(found)}"
                : $"AdaIN weights: not in {Path.GetFullPath(found)} (livestyle weights --vgg FILE --decoder FILE puts them there)");
            var microAst = Path.GetFullPath(Path.Combine(found, OfficialWeights.MicroAstFolder));
            var present = OfficialWeights.MicroAst.Keys.Count(name => File.Exists(Path.Combine(microAst, name)));
            output.WriteLine(present == OfficialWeights.MicroAst.Count
                ? $"MicroAST weights: {microAst}"
                : $"MicroAST weights: not in {microAst} (livestyle weights --microast DIR puts them there)");
            return 0;
        }
        catch (LiveStyleException e)
        {
            output.WriteLine(e.Message);
            return 1;
        }
    }
}
