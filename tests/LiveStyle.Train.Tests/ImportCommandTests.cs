using LiveStyle.Core.Networks.AdaIn;
using LiveStyle.Core.Weights;
using NUnit.Framework;

namespace LiveStyle.Train.Tests;

/// <summary>import: PyTorch checkpoints in both formats → the safetensors pair the app reads.</summary>
public class ImportCommandTests
{
    private string _dir = "";

    [SetUp]
    public void CreateFolder() => _dir = SharedData.NewTempDirectory();

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_dir, recursive: true);

    /// <summary>Writes tensors as a checkpoint, one storage each, plus any extra tensors (e.g. VGG layers past relu4_1).</summary>
    private static void Save(string path, IEnumerable<WeightTensor> tensors, bool legacy)
    {
        var list = tensors.ToList();
        var storages = list.Select(t => t.Data).ToList();
        var saved = list.Select((t, i) => SavedTensor.Contiguous(t.Name, i, [.. t.Shape.Select(d => (long)d)])).ToList();
        if (legacy) TorchSaveWriter.WriteLegacy(path, storages, saved);
        else TorchSaveWriter.WriteZip(path, storages, saved, archiveName: Path.GetFileNameWithoutExtension(path));
    }

    [TestCase(true, false)]
    [TestCase(false, true)]
    public void ImportsBothFormatsToWeightsTheAppLoads(bool vggLegacy, bool decoderLegacy)
    {
        var vgg = Path.Combine(_dir, "my_vgg.pth");
        var decoder = Path.Combine(_dir, "my_decoder.pth");
        // pytorch-AdaIN's full VGG goes on past relu4_1: the importer keeps layers 0…29 only.
        var extra = new WeightTensor("31.weight", [4, 2, 1, 1], [.. Enumerable.Range(0, 8).Select(i => (float)i)]);
        Save(vgg, [.. Networks.Weights.Encoder.Values, extra], vggLegacy);
        Save(decoder, Networks.Weights.Decoder.Values, decoderLegacy);

        var output = Path.Combine(_dir, "weights");
        var run = CliRun.Of("import", "--vgg", vgg, "--decoder", decoder, "--output", output);
        Assert.That(run.ExitCode, Is.Zero, run.ToString());
        Assert.That(run.Output, Does.Contain("not an official file name"));

        var imported = AdaInWeights.Load(output);
        Assert.That(imported.Encoder.Keys, Is.EquivalentTo(Networks.Weights.Encoder.Keys));
        foreach (var (name, tensor) in Networks.Weights.Encoder) Assert.That(imported.Encoder[name].Data, Is.EqualTo(tensor.Data), name);
        foreach (var (name, tensor) in Networks.Weights.Decoder) Assert.That(imported.Decoder[name].Data, Is.EqualTo(tensor.Data), name);
    }

    [TestCase("decoder.pth")]
    [TestCase("vgg_normalised.pth")]
    public void OfficialNameWithAnotherHashIsRefused(string name)
    {
        var official = Path.Combine(_dir, name);
        var other = Path.Combine(_dir, "other.pth");
        Save(official, name == "decoder.pth" ? Networks.Weights.Decoder.Values : Networks.Weights.Encoder.Values, legacy: true);
        Save(other, name == "decoder.pth" ? Networks.Weights.Encoder.Values : Networks.Weights.Decoder.Values, legacy: false);
        var run = name == "decoder.pth"
            ? CliRun.Of("import", "--vgg", other, "--decoder", official, "--output", Path.Combine(_dir, "out"))
            : CliRun.Of("import", "--vgg", official, "--decoder", other, "--output", Path.Combine(_dir, "out"));
        Assert.That(run.ExitCode, Is.EqualTo(1), run.ToString());
        Assert.That(run.Errors, Does.Contain("sha256").And.Contain("official " + name));
        Assert.That(Directory.Exists(Path.Combine(_dir, "out")), Is.False, "nothing is written");
    }

    [Test]
    public void CorruptOrWrongCheckpointsAreClearErrors()
    {
        var vgg = Path.Combine(_dir, "vgg.pth");
        var decoder = Path.Combine(_dir, "dec.pth");
        Save(vgg, Networks.Weights.Encoder.Values, legacy: true);
        Save(decoder, Networks.Weights.Decoder.Values, legacy: false);

        // A decoder file given as --vgg: the missing tensor is named.
        var swapped = CliRun.Of("import", "--vgg", decoder, "--decoder", decoder, "--output", Path.Combine(_dir, "out"));
        Assert.That(swapped.ExitCode, Is.EqualTo(1));
        Assert.That(swapped.Errors, Does.Contain("has no tensor '0.weight'"));

        var bytes = File.ReadAllBytes(vgg);
        File.WriteAllBytes(vgg, bytes[..(bytes.Length / 2)]);
        var truncated = CliRun.Of("import", "--vgg", vgg, "--decoder", decoder, "--output", Path.Combine(_dir, "out"));
        Assert.That(truncated.ExitCode, Is.EqualTo(1));
        Assert.That(truncated.Errors, Does.Contain("corrupt").And.Contain("truncated"));

        var usage = CliRun.Of("import", "--vgg", vgg);
        Assert.That(usage.ExitCode, Is.EqualTo(2));
        Assert.That(usage.Errors, Does.Contain("needs --decoder"));
    }
}
