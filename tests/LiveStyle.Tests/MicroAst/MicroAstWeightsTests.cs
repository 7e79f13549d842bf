using LiveStyle.Core;
using LiveStyle.Core.Networks.MicroAst;
using LiveStyle.Core.Weights;
using NUnit.Framework;

namespace LiveStyle.Tests.MicroAst;

public class MicroAstWeightsTests
{
    private string _dir = "";

    [SetUp] public void CreateDirectory() => _dir = TestEnvironment.NewTempDirectory();
    [TearDown] public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    private static string SharedMicroAst => MicroAstWeights.DirectoryIn(TestEnvironment.WeightsDirectory);

    private string CopyOfSharedWeights()
    {
        foreach (var name in MicroAstWeights.FileNames) File.Copy(Path.Combine(SharedMicroAst, name), Path.Combine(_dir, name));
        return _dir;
    }

    [Test]
    public void SharedWeightsLoadWithEveryTensorOfTheRightShape()
    {
        var weights = MicroAstWeights.Load(SharedMicroAst);
        Assert.That(weights.ContentEncoder, Has.Count.EqualTo(2 * 9));
        Assert.That(weights.StyleEncoder, Has.Count.EqualTo(2 * 9));
        Assert.That(weights.Modulator, Has.Count.EqualTo(2 * 4));
        Assert.That(weights.Decoder, Has.Count.EqualTo(2 * 9));
        Assert.That(weights.ContentEncoder["enc1.0.conv_layer.weight"].Shape, Is.EqualTo(new[] { 16, 3, 9, 9 }));
        Assert.That(weights.ContentEncoder["enc1.2.conv_layer.weight"].Shape, Is.EqualTo(new[] { 32, 1, 3, 3 }));
        Assert.That(weights.Modulator["weight1.0.conv_layer.weight"].Shape, Is.EqualTo(new[] { 64, 1, 3, 3 }));
        Assert.That(weights.Decoder["dec3.10.conv_layer.weight"].Shape, Is.EqualTo(new[] { 3, 16, 9, 9 }));
        Assert.That(weights.ContentEncoder["enc1.0.conv_layer.weight"].Data, Is.Not.EqualTo(weights.StyleEncoder["enc1.0.conv_layer.weight"].Data),
            "content and style encoders share an architecture, not weights");
        Assert.That(weights.ContentHash, Has.Length.EqualTo(64));
    }

    [Test]
    public void WeightsAreFoundInTheMicroAstFolderOfTheWeightsFolder()
    {
        Assert.That(MicroAstWeights.LocateDirectory(TestEnvironment.WeightsDirectory), Is.EqualTo(SharedMicroAst));
        var error = Assert.Throws<LiveStyleException>(() => MicroAstWeights.LocateDirectory(_dir))!;
        Assert.That(error.Message, Does.Contain(MicroAstWeights.ContentEncoderFileName).And.Contain("microast").And.Contain("--weights"));
    }

    [Test]
    public void MissingFileIsNamed()
    {
        var dir = CopyOfSharedWeights();
        File.Delete(Path.Combine(dir, MicroAstWeights.ModulatorFileName));
        var error = Assert.Throws<LiveStyleException>(() => MicroAstWeights.Load(dir))!;
        Assert.That(error.Message, Does.Contain(MicroAstWeights.ModulatorFileName).And.Contain("missing"));
    }

    [Test]
    public void TruncatedFileNamesTheFileAndTensor()
    {
        var dir = CopyOfSharedWeights();
        var decoder = Path.Combine(dir, MicroAstWeights.DecoderFileName);
        using (var stream = File.Open(decoder, FileMode.Open)) stream.SetLength(stream.Length / 2);
        var error = Assert.Throws<LiveStyleException>(() => MicroAstWeights.Load(dir))!;
        Assert.That(error.Message, Does.Contain(decoder).And.Contain("truncated").And.Contain("tensor 'dec"));
    }

    [Test]
    public void MisShapedTensorIsNamed()
    {
        var path = Path.Combine(SharedMicroAst, MicroAstWeights.DecoderFileName);
        var tensors = MicroAstWeights.Load(SharedMicroAst).Decoder.ToDictionary(kv => kv.Key, kv => kv.Value);
        var original = tensors["dec3.6.conv_layer.weight"];
        tensors[original.Name] = original with { Shape = [16, 32, 1, 1] };
        var error = Assert.Throws<LiveStyleException>(() => MicroAstWeights.Verify(path, tensors, MicroAstArchitecture.DecoderConvs))!;
        Assert.That(error.Message, Does.Contain(path).And.Contain("'dec3.6.conv_layer.weight'").And.Contain("[16, 32, 1, 1]").And.Contain("expected [16, 2, 3, 3]"));
    }

    [Test]
    public void MissingTensorIsNamed()
    {
        var path = Path.Combine(SharedMicroAst, MicroAstWeights.ModulatorFileName);
        var tensors = MicroAstWeights.Load(SharedMicroAst).Modulator.Where(kv => kv.Key != "bias2.0.conv_layer.bias").ToDictionary();
        var error = Assert.Throws<LiveStyleException>(() => MicroAstWeights.Verify(path, tensors, MicroAstArchitecture.ModulatorConvs))!;
        Assert.That(error.Message, Does.Contain(path).And.Contain("no tensor 'bias2.0.conv_layer.bias'"));
    }

    /// <summary>A NaN written into the bytes of one tensor in a real file.</summary>
    [Test]
    public void NonFiniteValueIsRefusedNamingTheTensor()
    {
        var dir = CopyOfSharedWeights();
        var path = Path.Combine(dir, MicroAstWeights.ContentEncoderFileName);
        var tensor = MicroAstWeights.Load(SharedMicroAst).ContentEncoder["enc1.8.conv_layer.weight"];
        var bytes = File.ReadAllBytes(path);
        var pattern = System.Runtime.InteropServices.MemoryMarshal.AsBytes(tensor.Data.AsSpan(0, 8)).ToArray();
        var at = bytes.AsSpan().IndexOf(pattern);
        Assert.That(at, Is.GreaterThan(0), "the tensor's bytes are in the file");
        BitConverter.GetBytes(float.NaN).CopyTo(bytes, at + 12);
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<LiveStyleException>(() => MicroAstWeights.Load(dir))!;
        Assert.That(error.Message, Does.Contain(path).And.Contain("'enc1.8.conv_layer.weight'").And.Contain("non-finite"));
    }

    [Test]
    public void GarbageFileIsCorrupt()
    {
        var dir = CopyOfSharedWeights();
        var path = Path.Combine(dir, MicroAstWeights.StyleEncoderFileName);
        File.WriteAllText(path, "<html>404 not found</html>");
        var error = Assert.Throws<LiveStyleException>(() => MicroAstWeights.Load(dir))!;
        Assert.That(error.Message, Does.Contain(path).And.Contain("corrupt"));
    }
}
