using LiveStyle.Core.Models;
using LiveStyle.Core.Networks.MicroAst;
using LiveStyle.Train.Networks;
using static TorchSharp.torch;

namespace LiveStyle.Bench;

/// <summary>The fast network with the same weights in TorchSharp (libtorch), eager, inference mode: content encoder, decoder, clamp.</summary>
public sealed class MicroAstTorchSharpStylizer : IDisposable
{
    private readonly MicroAstNetwork _network = new();
    private readonly Tensor _content;
    private readonly Tensor _signals;

    public MicroAstTorchSharpStylizer(ModelStore store, int width, int height, float[] content, float[] signals)
    {
        _network.Load(store.Weights(MicroAstModels.Family), store.WeightsPath(MicroAstModels.Family));
        _network.eval();
        _content = tensor(content, [1, 3, height, width]);
        _signals = tensor(signals, [1, MicroAstSignals.Length]);
    }

    public void Run()
    {
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        _ = _network.Stylize(_content, _signals);
    }

    public void Dispose()
    {
        _network.Dispose();
        _content.Dispose();
        _signals.Dispose();
    }
}
