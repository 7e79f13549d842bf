using LiveStyle.Core.Networks.AdaIn;
using LiveStyle.Core;
using LiveStyle.Core.Weights;
using NUnit.Framework;

namespace LiveStyle.Tests.HostileFiles;

public class WeightFileTests
{
    private string _dir = "";

    [SetUp] public void CreateDirectory() => _dir = TestEnvironment.NewTempDirectory();
    [TearDown] public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    [TestCase(float.NaN)]
    [TestCase(float.NegativeInfinity)]
    public void NonFiniteSafetensorsAreRefusedNamingFileAndTensor(float bad)
    {
        var path = Path.Combine(_dir, "decoder.safetensors");
        SafetensorsFile.Write(path, [new WeightTensor("0.weight", [2], [1f, 2f]), new WeightTensor("0.bias", [3], [0f, bad, 1f])]);
        var error = Assert.Throws<LiveStyleException>(() => SafetensorsFile.Read(path));
        Assert.That(error!.Message, Does.Contain(path).And.Contain("'0.bias'").And.Contain("non-finite").And.Contain("element 1"));
    }

    [Test]
    public void StylizeWithNaNInTheDecoderFailsClearlyInsteadOfABlackImage()
    {
        var weights = Path.Combine(_dir, "weights");
        Directory.CreateDirectory(weights);
        File.CreateSymbolicLink(Path.Combine(weights, AdaInWeights.EncoderFileName), Path.Combine(TestEnvironment.WeightsDirectory, AdaInWeights.EncoderFileName));
        var decoder = SafetensorsFile.Read(Path.Combine(TestEnvironment.WeightsDirectory, AdaInWeights.DecoderFileName)).Values.ToList();
        decoder[0].Data[3] = float.NaN;
        SafetensorsFile.Write(Path.Combine(weights, AdaInWeights.DecoderFileName), decoder);

        var output = Path.Combine(_dir, "out.png");
        var result = CliRunner.Run("stylize", "--content", Path.Combine(TestEnvironment.ContentImages, "cornell.jpg"),
            "--style", Path.Combine(TestEnvironment.StyleImages, "great_wave__hokusai_c1831.jpg"), "--out", output,
            "--weights", weights, "--precision", "fp32");
        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.Errors, Does.Contain(AdaInWeights.DecoderFileName).And.Contain(decoder[0].Name).And.Contain("non-finite"));
        Assert.That(File.Exists(output), Is.False);
    }

    [Test]
    public void AWeightsFileThatIsAPipeIsRefusedWithoutBlocking()
    {
        var path = Path.Combine(_dir, "pipe.safetensors");
        BombFiles.MakeFifo(path);
        var read = Task.Run(() => SafetensorsFile.Read(path));
        Assert.That(() => read.Wait(TimeSpan.FromSeconds(60)), Throws.InstanceOf<AggregateException>()
            .With.InnerException.TypeOf<LiveStyleException>().And.InnerException.Message.Contain("not a regular file"));
    }
}
