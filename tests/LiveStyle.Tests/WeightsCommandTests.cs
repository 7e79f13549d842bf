using LiveStyle.Core.Networks.AdaIn;
using LiveStyle.Core;
using LiveStyle.Core.Weights;
using NUnit.Framework;

namespace LiveStyle.Tests;

/// <summary>`livestyle weights` puts downloaded weights where every command finds them.</summary>
[NonParallelizable]
public class WeightsCommandTests
{
    private string _dir = "";

    [SetUp]
    public void SetUp() => _dir = TestEnvironment.NewTempDirectory();

    [TearDown]
    public void TearDown() => Directory.Delete(_dir, recursive: true);

    /// <summary>The shared weights under names that are not the official ones (their keys are pytorch-AdaIN's, as in the .pth files).</summary>
    private (string Vgg, string Decoder) Downloads()
    {
        var vgg = Path.Combine(_dir, "my_vgg.safetensors");
        var decoder = Path.Combine(_dir, "my_decoder.safetensors");
        File.Copy(Path.Combine(TestEnvironment.WeightsDirectory, AdaInWeights.EncoderFileName), vgg);
        File.Copy(Path.Combine(TestEnvironment.WeightsDirectory, AdaInWeights.DecoderFileName), decoder);
        return (vgg, decoder);
    }

    [Test]
    public void ConvertedWeightsLandInTheUserDataFolderWhereEveryCommandFindsThem()
    {
        var (vgg, decoder) = Downloads();
        var saved = Environment.GetEnvironmentVariable(AdaInWeights.EnvironmentVariable);
        try
        {
            var result = CliRunner.Run("weights", "--vgg", vgg, "--decoder", decoder);
            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            Assert.That(result.Output, Does.Contain("not an official file name, sha256 not checked"));
            Assert.That(result.Output, Does.Contain($"to {LiveStylePaths.WeightsDirectory}"));

            Environment.SetEnvironmentVariable(AdaInWeights.EnvironmentVariable, null);
            Assert.That(AdaInWeights.LocateDirectory(null), Is.EqualTo(LiveStylePaths.WeightsDirectory));
            var installed = AdaInWeights.Load(LiveStylePaths.WeightsDirectory);
            var original = AdaInWeights.Load(TestEnvironment.WeightsDirectory);
            foreach (var (name, tensor) in original.Decoder)
                Assert.That(installed.Decoder[name].Data, Is.EqualTo(tensor.Data), name);
            Assert.That(installed.Encoder.Keys, Is.EquivalentTo(original.Encoder.Keys));

            var status = CliRunner.Run("weights");
            Assert.That(status.Output, Does.Contain($"AdaIN weights: {LiveStylePaths.WeightsDirectory}"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(AdaInWeights.EnvironmentVariable, saved);
            if (Directory.Exists(LiveStylePaths.WeightsDirectory)) Directory.Delete(LiveStylePaths.WeightsDirectory, recursive: true);
        }
    }

    [Test]
    public void MicroAstFilesAreCheckedAndCopied()
    {
        var source = Path.Combine(TestEnvironment.WeightsDirectory, OfficialWeights.MicroAstFolder);
        var result = CliRunner.Run("weights", "--microast", source, "--out", Path.Combine(_dir, "weights"));
        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Output, Does.Contain("content_encoder_iter_160000.pth.tar: sha256 matches the official file"));
        foreach (var (name, sha) in OfficialWeights.MicroAst)
            Assert.That(OfficialWeights.Sha256(Path.Combine(_dir, "weights", "microast", name)), Is.EqualTo(sha), name);
    }

    [TestCase("decoder.pth")]
    [TestCase("vgg_normalised.pth")]
    public void AnOfficialNameWithOtherContentIsRefused(string name)
    {
        var (vgg, decoder) = Downloads();
        var fake = Path.Combine(_dir, name);
        File.WriteAllText(fake, "an interrupted download");
        var result = name == "decoder.pth"
            ? CliRunner.Run("weights", "--vgg", vgg, "--decoder", fake, "--out", Path.Combine(_dir, "out"))
            : CliRunner.Run("weights", "--vgg", fake, "--decoder", decoder, "--out", Path.Combine(_dir, "out"));
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Errors, Does.Contain("sha256").And.Contain(OfficialWeights.AdaIn[name]).And.Contain("Download it again"));
        Assert.That(Directory.Exists(Path.Combine(_dir, "out")), Is.False, "nothing written");
    }

    [Test]
    public void VggWithoutDecoderIsAUsageError() =>
        Assert.That(CliRunner.Run("weights", "--vgg", "a.pth").ExitCode, Is.EqualTo(2));
}
