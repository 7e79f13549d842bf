using LiveStyle.Core.Networks.AdaIn;
using LiveStyle.Core;
using LiveStyle.Core.Models;
using LiveStyle.Core.Weights;
using NUnit.Framework;

namespace LiveStyle.Tests;

public class WeightsTests
{
    private string _dir = "";

    [SetUp] public void CreateDirectory() => _dir = TestEnvironment.NewTempDirectory();
    [TearDown] public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    private string CopyOfSharedWeights()
    {
        foreach (var name in new[] { AdaInWeights.EncoderFileName, AdaInWeights.DecoderFileName })
            File.Copy(Path.Combine(TestEnvironment.WeightsDirectory, name), Path.Combine(_dir, name));
        return _dir;
    }

    [Test]
    public void SharedWeightsLoadWithEveryTensorOfTheRightShape()
    {
        var weights = AdaInWeights.Load(TestEnvironment.WeightsDirectory);
        Assert.That(weights.Encoder, Has.Count.EqualTo(20));
        Assert.That(weights.Decoder, Has.Count.EqualTo(18));
        Assert.That(weights.Encoder["29.weight"].Shape, Is.EqualTo(new[] { 512, 256, 3, 3 }));
        Assert.That(weights.Encoder["0.weight"].Data[2], Is.EqualTo(255f), "the 1×1 input conv maps RGB to BGR × 255");
    }

    [Test]
    public void TruncatedFileNamesTheFileAndTensor()
    {
        var dir = CopyOfSharedWeights();
        var decoder = Path.Combine(dir, AdaInWeights.DecoderFileName);
        using (var stream = File.Open(decoder, FileMode.Open)) stream.SetLength(stream.Length / 2);
        var error = Assert.Throws<LiveStyleException>(() => AdaInWeights.Load(dir))!;
        Assert.That(error.Message, Does.Contain(decoder).And.Contain("truncated").And.Contain("tensor '"));
    }

    [Test]
    public void MisShapedTensorIsNamed()
    {
        var dir = CopyOfSharedWeights();
        var decoder = Path.Combine(dir, AdaInWeights.DecoderFileName);
        var tensors = SafetensorsFile.Read(decoder).Values
            .Select(t => t.Name == "14.weight" ? new WeightTensor(t.Name, [128, 256, 1, 9], t.Data) : t).ToArray();
        SafetensorsFile.Write(decoder, tensors);
        var error = Assert.Throws<LiveStyleException>(() => AdaInWeights.Load(dir))!;
        Assert.That(error.Message, Does.Contain("'14.weight'").And.Contain("[128, 256, 1, 9]").And.Contain("expected [128, 256, 3, 3]"));
    }

    [Test]
    public void MissingTensorIsNamed()
    {
        var dir = CopyOfSharedWeights();
        var encoder = Path.Combine(dir, AdaInWeights.EncoderFileName);
        SafetensorsFile.Write(encoder, SafetensorsFile.Read(encoder).Values.Where(t => t.Name != "29.bias"));
        var error = Assert.Throws<LiveStyleException>(() => AdaInWeights.Load(dir))!;
        Assert.That(error.Message, Does.Contain(encoder).And.Contain("no tensor '29.bias' (conv4_1)"));
    }

    [Test]
    public void GarbageFileIsCorrupt()
    {
        var dir = CopyOfSharedWeights();
        File.WriteAllText(Path.Combine(dir, AdaInWeights.EncoderFileName), "<html>404 not found</html>");
        var error = Assert.Throws<LiveStyleException>(() => AdaInWeights.Load(dir))!;
        Assert.That(error.Message, Does.Contain("corrupt or not a safetensors file"));
    }

    [Test]
    public void SafetensorsRoundTrip()
    {
        var path = Path.Combine(_dir, "t.safetensors");
        SafetensorsFile.Write(path, [new WeightTensor("a", [2, 3], [1, 2, 3, 4, 5, 6]), new WeightTensor("b", [1], [-7.5f])],
            new Dictionary<string, string> { ["format"] = "pt" });
        var read = SafetensorsFile.Read(path);
        Assert.That(read.Keys, Is.EquivalentTo(new[] { "a", "b" }));
        Assert.That(read["a"].Data, Is.EqualTo(new float[] { 1, 2, 3, 4, 5, 6 }));
        Assert.That(read["a"].Shape, Is.EqualTo(new[] { 2, 3 }));
        Assert.That(read["b"].Data, Is.EqualTo(new[] { -7.5f }));
    }

    [Test]
    public void ExplicitWeightsFolderWinsOverTheEnvironment()
    {
        var error = Assert.Throws<LiveStyleException>(() => AdaInWeights.LocateDirectory(Path.Combine(_dir, "elsewhere")))!;
        Assert.That(error.Message, Does.Contain("(--weights)"));
        Assert.That(AdaInWeights.LocateDirectory(null), Is.EqualTo(TestEnvironment.WeightsDirectory), "$LIVESTYLE_WEIGHTS is used next");
    }
}

public class ModelStoreTests
{
    [Test]
    public void ModelsAreBuiltOnceAndReused()
    {
        var path = TestEnvironment.Store.GetOrBuild(AdaInModel.StyleEncoder);
        var written = File.GetLastWriteTimeUtc(path);
        var messages = new List<string>();
        Assert.That(TestEnvironment.Store.GetOrBuild(AdaInModel.StyleEncoder, messages.Add), Is.EqualTo(path));
        Assert.That(File.GetLastWriteTimeUtc(path), Is.EqualTo(written));
        Assert.That(messages, Is.Empty, "a cached model is not rebuilt");
        Assert.That(Directory.GetFiles(TestEnvironment.ModelsDirectory, "*.tmp"), Is.Empty);
    }

    [Test]
    public void DifferentWeightsGetDifferentModels()
    {
        var dir = TestEnvironment.NewTempDirectory();
        try
        {
            File.Copy(Path.Combine(TestEnvironment.WeightsDirectory, AdaInWeights.EncoderFileName), Path.Combine(dir, AdaInWeights.EncoderFileName));
            var decoder = Path.Combine(dir, AdaInWeights.DecoderFileName);
            var tensors = SafetensorsFile.Read(Path.Combine(TestEnvironment.WeightsDirectory, AdaInWeights.DecoderFileName)).Values.ToArray();
            tensors.Single(t => t.Name == "28.bias").Data[0] += 0.5f;
            SafetensorsFile.Write(decoder, tensors);

            var other = new ModelStore(dir, TestEnvironment.ModelsDirectory);
            Assert.That(other.PathFor(AdaInModel.Stylizer), Is.Not.EqualTo(TestEnvironment.Store.PathFor(AdaInModel.Stylizer)));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Test]
    public void ModelCarriesItsProvenance()
    {
        using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(TestEnvironment.Store.GetOrBuild(AdaInModel.Stylizer));
        var metadata = session.ModelMetadata.CustomMetadataMap;
        Assert.That(metadata["livestyle.weights_sha256"], Is.EqualTo(TestEnvironment.Store.WeightsHash(AdaInModels.Family)));
        Assert.That(metadata["livestyle.builder_version"], Is.EqualTo(AdaInModelBuilder.Version.ToString()));
        Assert.That(session.InputNames, Is.EqualTo(new[] { "content", "style_mean", "style_std", "alpha" }));
        Assert.That(session.OutputNames, Is.EqualTo(new[] { "image" }));
    }
}
