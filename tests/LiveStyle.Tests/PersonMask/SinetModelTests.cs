using LiveStyle.Core;
using LiveStyle.Core.Imaging;
using LiveStyle.Core.Networks.PersonMask;
using LiveStyle.Tests.MicroAst;
using NUnit.Framework;
using OpenCvSharp;

namespace LiveStyle.Tests.PersonMask;

public class SinetModelTests
{
    private string _dir = "";

    [SetUp] public void CreateDirectory() => _dir = TestEnvironment.NewTempDirectory();
    [TearDown] public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    public static string SharedWeightsPath => SinetWeights.PathIn(TestEnvironment.WeightsDirectory);

    /// <summary>A shared photo shrunk to 96×64 (sides multiples of 32), as RGB planar floats and as BGR 0..255 [3,H,W].</summary>
    private static (PlanarImage Rgb, FeatureMap Bgr) SmallPhoto(string name, int width, int height)
    {
        using var photo = ImageFile.ReadBgr(Path.Combine(TestEnvironment.ContentImages, name));
        using var small = photo.Resize(new Size(width, height), 0, 0, InterpolationFlags.Area);
        var rgb = ImageConversion.ToPlanar(small);
        var bgr = FeatureMap.Zeros(3, height, width);
        var plane = width * height;
        for (var c = 0; c < 3; c++)
            for (var i = 0; i < plane; i++) bgr.Data[c * plane + i] = rgb.Data[(2 - c) * plane + i] * 255f;
        return (rgb, bgr);
    }

    [TestCase("sailboat.jpg", 96, 64)]
    [TestCase("newyork.jpg", 64, 128)]
    public void MaskLogitMatchesTheScalarReferenceAbove60Decibels(string photo, int width, int height)
    {
        var weights = SinetWeights.Load(SharedWeightsPath);
        var (rgb, bgr) = SmallPhoto(photo, width, height);
        var logits = new SinetReference(name => weights[name]).Logits(bgr);
        var plane = width * height;
        var expected = new float[plane];
        for (var i = 0; i < plane; i++) expected[i] = logits.Data[plane + i] - logits.Data[i];
        using var segmenter = new PersonSegmenter(SinetModels.GetOrBuild(TestEnvironment.Store));
        var actual = segmenter.MaskLogit(rgb);

        Assert.That(actual, Has.Length.EqualTo(expected.Length));
        double squared = 0, min = double.MaxValue, max = double.MinValue;
        for (var i = 0; i < actual.Length; i++)
        {
            squared += Math.Pow(actual[i] - expected[i], 2);
            min = Math.Min(min, expected[i]);
            max = Math.Max(max, expected[i]);
        }
        var psnr = 10 * Math.Log10((max - min) * (max - min) / (squared / actual.Length));
        TestContext.Out.WriteLine($"{photo} {width}×{height}: mask logit (person − background) in [{min:F2}, {max:F2}], PSNR {psnr:F1} dB against the reference");
        Assert.That(max - min, Is.GreaterThan(1), "the mask logit varies over the image");
        Assert.That(psnr, Is.GreaterThanOrEqualTo(60));

        var probability = segmenter.SegmentPlanar(rgb);
        for (var i = 0; i < plane; i += 97)
            Assert.That(probability[i], Is.EqualTo(1 / (1 + Math.Exp(logits.Data[i] - logits.Data[plane + i]))).Within(1e-5), "person = softmax's second channel");
    }

    [Test]
    public void ModelIsCachedAndKeyedByTheWeights()
    {
        var store = new LiveStyle.Core.Models.ModelStore(TestEnvironment.WeightsDirectory, _dir);
        var logs = new List<string>();
        var path = SinetModels.GetOrBuild(store, logs.Add);
        var written = File.GetLastWriteTimeUtc(path);
        Assert.That(SinetModels.GetOrBuild(store, logs.Add), Is.EqualTo(path));
        Assert.That(logs, Has.Count.EqualTo(1), "built once, then reused");
        Assert.That(File.GetLastWriteTimeUtc(path), Is.EqualTo(written));

        var copy = SinetWeights.PathIn(Path.Combine(_dir, "copy"));
        Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
        var bytes = File.ReadAllBytes(SharedWeightsPath);
        bytes[^1] ^= 1; // the last byte of the last tensor's data: still a valid file, other weights
        File.WriteAllBytes(copy, bytes);
        var other = new LiveStyle.Core.Models.ModelStore(Path.Combine(_dir, "copy"), _dir);
        Assert.That(other.PathFor(SinetModels.Family, SinetModelBuilder.FileStem, "", ".onnx"), Is.Not.EqualTo(path));
    }

    [Test]
    public void MissingFileIsNamed()
    {
        var path = Path.Combine(_dir, SinetWeights.FileName);
        var error = Assert.Throws<LiveStyleException>(() => SinetWeights.Load(path))!;
        Assert.That(error.Message, Does.Contain(path).And.Contain("not found"));
    }

    [Test]
    public void TruncatedFileNamesTheFileAndTensor()
    {
        var path = Path.Combine(_dir, SinetWeights.FileName);
        var bytes = File.ReadAllBytes(SharedWeightsPath);
        File.WriteAllBytes(path, bytes[..(bytes.Length * 3 / 4)]);
        var error = Assert.Throws<LiveStyleException>(() => SinetWeights.Load(path))!;
        Assert.That(error.Message, Does.Contain(path).And.Contain("truncated").And.Contain("tensor '"));
        Assert.That(error.Message, Does.Not.Contain("\n"), "one line");
    }

    [Test]
    public void GarbageFileIsCorrupt()
    {
        var path = Path.Combine(_dir, SinetWeights.FileName);
        File.WriteAllText(path, "<html>404 not found</html>");
        var error = Assert.Throws<LiveStyleException>(() => SinetWeights.Load(path))!;
        Assert.That(error.Message, Does.Contain(path).And.Contain("corrupt"));
    }

    /// <summary>A NaN written into the bytes of one tensor of the real file.</summary>
    [Test]
    public void NonFiniteValueIsRefusedNamingTheTensor()
    {
        var path = Path.Combine(_dir, SinetWeights.FileName);
        var tensor = SinetWeights.Load(SharedWeightsPath).Tensors["encoder.level3.4.d2.conv.0.weight"];
        var bytes = File.ReadAllBytes(SharedWeightsPath);
        var at = bytes.AsSpan().IndexOf(System.Runtime.InteropServices.MemoryMarshal.AsBytes(tensor.Data.AsSpan(0, 8)));
        Assert.That(at, Is.GreaterThan(0), "the tensor's bytes are in the file");
        BitConverter.GetBytes(float.NaN).CopyTo(bytes, at + 8);
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<LiveStyleException>(() => SinetWeights.Load(path))!;
        Assert.That(error.Message, Does.Contain(path).And.Contain("'encoder.level3.4.d2.conv.0.weight'").And.Contain("non-finite"));
    }

    [Test]
    public void MissingOrMisShapedTensorIsNamed()
    {
        var tensors = SinetWeights.Load(SharedWeightsPath).Tensors.Where(kv => kv.Key != "bn_2.running_var").ToDictionary();
        var error = Assert.Throws<LiveStyleException>(() => SinetWeights.Verify("x.pth", tensors))!;
        Assert.That(error.Message, Does.Contain("x.pth").And.Contain("no tensor 'bn_2.running_var'"));

        var all = SinetWeights.Load(SharedWeightsPath).Tensors.ToDictionary();
        all["encoder.level2.1.c1.conv.weight"] = all["encoder.level2.1.c1.conv.weight"] with { Shape = [24, 48, 1, 1] };
        error = Assert.Throws<LiveStyleException>(() => SinetWeights.Verify("x.pth", all))!;
        Assert.That(error.Message, Does.Contain("'encoder.level2.1.c1.conv.weight'").And.Contain("expected [24, 24, 1, 1]"));
    }

    [Test]
    public void InputSizeKeepsTheAspectInMultiplesOf32()
    {
        Assert.That(MaskInputSize.For(640, 360, 224), Is.EqualTo((384, 224)));
        Assert.That(MaskInputSize.For(640, 360, 256), Is.EqualTo((448, 256)));
        Assert.That(MaskInputSize.For(640, 360, 360), Is.EqualTo((640, 352)));
        Assert.That(MaskInputSize.For(360, 640, 224), Is.EqualTo((224, 384)));
        Assert.That(MaskInputSize.For(20, 10, 224), Is.EqualTo((448, 224)));
    }
}
