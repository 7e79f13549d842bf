using System.IO.Compression;
using LiveStyle.Core;
using LiveStyle.Core.Weights.PyTorch;
using NUnit.Framework;

namespace LiveStyle.Train.Tests;

/// <summary>Checkpoints made to hurt: a zip bomb in a storage entry, non-finite weights, a FIFO.</summary>
public class CheckpointHostileTests
{
    private static readonly SavedTensor[] Tensors = [SavedTensor.Contiguous("1.weight", 0, 2, 2), SavedTensor.Contiguous("1.bias", 1, 2)];
    private string _dir = "";

    [SetUp] public void CreateFolder() => _dir = SharedData.NewTempDirectory();
    [TearDown] public void DeleteFolder() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void ZipEntryInflatingBeyondItsDeclaredSizeIsRefused()
    {
        var path = Path.Combine(_dir, "bomb.pth");
        TorchSaveWriter.WriteZip(path, [[1f, 2f, 3f, 4f], [0.5f, -0.5f]], Tensors);
        // Storage 0 declares 4 floats (16 bytes); make its entry inflate to 64 MiB of zeros (64 KiB on disk).
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Update))
        {
            var name = zip.Entries.Single(e => e.FullName.EndsWith("/data/0", StringComparison.Ordinal)).FullName;
            zip.GetEntry(name)!.Delete();
            using var stream = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
            var zeros = new byte[1 << 20];
            for (var i = 0; i < 64; i++) stream.Write(zeros);
        }
        Assert.That(new FileInfo(path).Length, Is.LessThan(1 << 20), "a small file");

        var error = Assert.Throws<LiveStyleException>(() => PyTorchCheckpoint.Read(path));
        Assert.That(error!.Message, Does.Contain("bomb.pth").And.Contain("data/0").And.Contain("inflates to more than").And.Contain("16 bytes"));
    }

    [TestCase("legacy", float.NaN)]
    [TestCase("zip", float.PositiveInfinity)]
    public void NonFiniteWeightsAreRefusedNamingFileAndTensor(string format, float bad)
    {
        var path = Path.Combine(_dir, "bad.pth");
        float[][] storages = [[1f, 2f, 3f, 4f], [0.5f, bad]];
        if (format == "legacy") TorchSaveWriter.WriteLegacy(path, storages, Tensors);
        else TorchSaveWriter.WriteZip(path, storages, Tensors);

        var error = Assert.Throws<LiveStyleException>(() => PyTorchCheckpoint.Read(path));
        Assert.That(error!.Message, Does.Contain("bad.pth").And.Contain("'1.bias'").And.Contain("non-finite"));
    }

    [Test]
    public void StorageDeclaringMoreElementsThanSupportedIsRefusedBeforeAllocating()
    {
        var path = Path.Combine(_dir, "huge.pth");
        TorchSaveWriter.WriteZip(path, [[1f, 2f, 3f, 4f], [0.5f, -0.5f]], [new SavedTensor("1.weight", 0, 0, [1L << 20, 1L << 20], [1L << 20, 1]), Tensors[1]]);
        var error = Assert.Throws<LiveStyleException>(() => PyTorchCheckpoint.Read(path));
        Assert.That(error!.Message, Does.Contain("huge.pth"));
    }
}

/// <summary>Training images go through the same guarded reader as every other image.</summary>
public class TrainingImageHostileTests
{
    [Test]
    public void ADecompressionBombInTheDatasetIsSkippedWithTheLimitNamed()
    {
        var dir = SharedData.NewTempDirectory();
        try
        {
            // A valid PNG header declaring 40000 × 40000 RGB pixels (4.8 GB decoded), nothing after it.
            byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
                          0, 0, 0x9C, 0x40, 0, 0, 0x9C, 0x40, 8, 2, 0, 0, 0, 0, 0, 0, 0];
            var bomb = Path.Combine(dir, "bomb.png");
            File.WriteAllBytes(bomb, png);
            var warnings = new List<string>();
            var sampler = new LiveStyle.Train.Training.ImageSampler([bomb], "style", 1, 2, 80, 64, warnings.Add);

            var error = Assert.Throws<LiveStyleException>(() => sampler.Next());
            Assert.That(error!.Message, Does.Contain("none of the 1 style images can be read"));
            Assert.That(warnings, Has.Some.Contain("bomb.png").And.Contain(LiveStyle.Core.Imaging.ImageLimits.MaxPixelsVariable));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
