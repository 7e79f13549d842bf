using LiveStyle.Core.Models;
using LiveStyle.Core.Networks.MicroAst;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using NUnit.Framework;

namespace LiveStyle.Train.Tests;

/// <summary>export --network fast writes weights the app's fast network reads and runs.</summary>
public class MicroAstExportTests
{
    private string _dir = "";

    [SetUp] public void CreateFolder() => _dir = SharedData.NewTempDirectory();
    [TearDown] public void DeleteFolder() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void ExportedWeightsAreReadByTheAppAndGiveTheSameModel()
    {
        var output = Path.Combine(_dir, "weights");
        var run = CliRun.Of("export", "--network", "fast", "--weights", SharedData.WeightsDirectory, "--output", output, "--onnx");
        Assert.That(run.ExitCode, Is.EqualTo(0), run.ToString());

        var exportedFolder = MicroAstWeights.DirectoryIn(output);
        foreach (var name in MicroAstWeights.FileNames)
            Assert.That(File.Exists(Path.Combine(exportedFolder, MicroAstWeights.SafetensorsFileName(name))), name);
        var exported = MicroAstWeights.Load(exportedFolder);
        var original = MicroAstWeights.Load(MicroAstWeights.DirectoryIn(SharedData.WeightsDirectory));
        foreach (var (part, a, b) in new[] { ("content", exported.ContentEncoder, original.ContentEncoder), ("style", exported.StyleEncoder, original.StyleEncoder),
                     ("modulator", exported.Modulator, original.Modulator), ("decoder", exported.Decoder, original.Decoder) })
        {
            Assert.That(a.Keys, Is.EquivalentTo(b.Keys), part);
            foreach (var key in b.Keys) Assert.That(a[key].Data, Is.EqualTo(b[key].Data), $"{part} {key}");
        }

        // The app's model store builds and runs the fast stylizer from the exported folder.
        var store = new ModelStore(output, Path.Combine(_dir, "models"));
        Assert.That(store.WeightsHash(MicroAstModels.Family), Is.Not.EqualTo(original.ContentHash), "the exported files are keyed by their own bytes");
        using var session = new InferenceSession(store.GetOrBuild(MicroAstModel.Stylizer));
        var content = new float[3 * 32 * 40];
        for (var i = 0; i < content.Length; i++) content[i] = (i % 97) / 97f;
        var signals = new float[MicroAstSignals.Length];
        for (var i = 0; i < signals.Length; i++) signals[i] = i / 64 % 2 == 1 ? 1f : 0.1f;
        using var results = session.Run([
            NamedOnnxValue.CreateFromTensor(ModelNames.Content, new DenseTensor<float>(content, [1, 3, 32, 40])),
            NamedOnnxValue.CreateFromTensor(ModelNames.Signals, new DenseTensor<float>(signals, [1, MicroAstSignals.Length])),
        ]);
        Assert.That(results.Single().AsTensor<float>().Dimensions.ToArray(), Is.EqualTo(new[] { 1, 3, 32, 40 }));
        Assert.That(File.Exists(Path.Combine(exportedFolder, "fast_stylizer.onnx")), "--onnx writes the models");
    }
}
