using LiveStyle.Core;
using LiveStyle.Core.Weights.PyTorch;
using NUnit.Framework;

namespace LiveStyle.Train.Tests;

/// <summary>Core's PyTorch checkpoint reader on files written like torch.save writes them.</summary>
public class CheckpointReaderTests
{
    private static readonly float[] Weights = [.. Enumerable.Range(0, 54).Select(i => i * 0.5f - 3f)];
    private static readonly float[] Bias = [1f, -2f];

    /// <summary>Contiguous tensors, a view at an offset into a shared storage, and a transposed (strided) view.</summary>
    private static readonly SavedTensor[] Tensors =
    [
        SavedTensor.Contiguous("1.weight", 0, 2, 3, 3, 3),
        SavedTensor.Contiguous("1.bias", 1, 2),
        new("4.weight", 0, 27, [1, 3, 3, 3], [27, 9, 3, 1]),
        new("5.t", 0, 0, [3, 2], [1, 3]),
    ];

    private string _dir = "";

    [SetUp]
    public void CreateFolder() => _dir = SharedData.NewTempDirectory();

    [TearDown]
    public void DeleteFolder() => Directory.Delete(_dir, recursive: true);

    [TestCase("legacy")]
    [TestCase("zip")]
    public void ReadsEveryTensorWithItsShapeAndValues(string format)
    {
        var path = Path.Combine(_dir, "model.pth");
        if (format == "legacy") TorchSaveWriter.WriteLegacy(path, [Weights, Bias], Tensors);
        else TorchSaveWriter.WriteZip(path, [Weights, Bias], Tensors, archiveName: "model");

        var read = PyTorchCheckpoint.Read(path);
        Assert.That(read.Keys, Is.EquivalentTo(new[] { "1.weight", "1.bias", "4.weight", "5.t" }));
        Assert.That(read["1.weight"].Shape, Is.EqualTo(new[] { 2, 3, 3, 3 }));
        Assert.That(read["1.weight"].Data, Is.EqualTo(Weights));
        Assert.That(read["1.bias"].Data, Is.EqualTo(Bias));
        Assert.That(read["4.weight"].Data, Is.EqualTo(Weights[27..]));
        Assert.That(read["5.t"].Shape, Is.EqualTo(new[] { 3, 2 }));
        Assert.That(read["5.t"].Data, Is.EqualTo(new[] { Weights[0], Weights[3], Weights[1], Weights[4], Weights[2], Weights[5] }));
    }

    [TestCase("legacy")]
    [TestCase("zip")]
    public void TruncatedFileIsAClearError(string format)
    {
        var path = Path.Combine(_dir, "model.pth");
        if (format == "legacy") TorchSaveWriter.WriteLegacy(path, [Weights, Bias], Tensors);
        else TorchSaveWriter.WriteZip(path, [Weights, Bias], Tensors);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length * 2 / 3)]);
        var ex = Assert.Throws<LiveStyleException>(() => PyTorchCheckpoint.Read(path));
        Assert.That(ex!.Message, Does.Contain(path).And.Contain("corrupt"));
    }

    [Test]
    public void OtherFilesAreClearErrors()
    {
        var text = Path.Combine(_dir, "notes.pth");
        File.WriteAllText(text, "not a checkpoint");
        Assert.That(Assert.Throws<LiveStyleException>(() => PyTorchCheckpoint.Read(text))!.Message, Does.Contain("neither a zip archive nor a pickle"));
        var missing = Path.Combine(_dir, "missing.pth");
        Assert.That(Assert.Throws<LiveStyleException>(() => PyTorchCheckpoint.Read(missing))!.Message, Does.Contain("not found"));
    }
}
