using System.Security.Cryptography;
using System.Text;
using LiveStyle.Core.Models;
using LiveStyle.Core.Networks.AdaIn;
using LiveStyle.Core.Networks.MicroAst;
using LiveStyle.Core.Networks.PersonMask;
using NUnit.Framework;

namespace LiveStyle.Tests;

/// <summary>The cached models' file names stay what they were before the model families: caches made by earlier builds are reused.</summary>
public class ModelStoreKeyTests
{
    private static string Key(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];

    [Test]
    public void EachNetworksFileNamesKeepTheirKeys()
    {
        var store = TestEnvironment.Store;
        var adain = store.WeightsHash(AdaInModels.Family);
        var microAst = store.WeightsHash(MicroAstModels.Family);
        var sinet = store.WeightsHash(SinetModels.Family);

        Assert.That(Path.GetFileName(store.PathFor(AdaInModel.Stylizer)), Is.EqualTo($"stylizer.{Key($"{adain}/{AdaInModelBuilder.Version}")}.onnx"));
        Assert.That(Path.GetFileName(store.PathFor(AdaInModels.Family, "int8_stylizer", "v", ".gate.json")),
            Is.EqualTo($"int8_stylizer.{Key($"{adain}/{AdaInModelBuilder.Version}/v")}.gate.json"));
        Assert.That(Path.GetFileName(store.PathFor(MicroAstModel.Stylizer)),
            Is.EqualTo($"fast_stylizer.{Key($"microast/{microAst}/{MicroAstModelBuilder.Version}")}.onnx"));
        Assert.That(Path.GetFileName(store.PathFor(SinetModels.Family, SinetModelBuilder.FileStem, "", ".onnx")),
            Is.EqualTo($"person_mask.{Key($"sinet/{sinet}/{SinetModelBuilder.Version}")}.onnx"));
    }

    [Test]
    public void TheHashIsOfEachNetworksOwnWeights()
    {
        var store = TestEnvironment.Store;
        Assert.That(store.WeightsHash(AdaInModels.Family), Is.EqualTo(AdaInWeights.HashDirectory(TestEnvironment.WeightsDirectory)));
        Assert.That(store.WeightsHash(MicroAstModels.Family), Is.EqualTo(MicroAstWeights.HashDirectory(MicroAstWeights.DirectoryIn(TestEnvironment.WeightsDirectory))));
        Assert.That(store.WeightsHash(SinetModels.Family), Is.EqualTo(SinetWeights.HashFile(SinetWeights.PathIn(TestEnvironment.WeightsDirectory))));
    }
}
