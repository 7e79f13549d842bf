using LiveStyle.Core.Networks.MicroAst;
using LiveStyle.Core.Weights;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace LiveStyle.Train.Networks;

/// <summary>
/// The parameters of one of MicroAST's four state dicts (content encoder, style encoder,
/// modulator, decoder) as trainable tensors, keyed by the authors' names ("enc1.0.conv_layer.weight").
/// </summary>
public sealed class MicroAstPart : nn.Module
{
    private readonly IReadOnlyList<MicroAstConv> _convs;
    private readonly Dictionary<string, Parameter> _tensors = new(StringComparer.Ordinal);

    public MicroAstPart(string name, IEnumerable<MicroAstConv> convs) : base(name)
    {
        _convs = [.. convs];
        foreach (var conv in _convs)
        {
            Add(conv.WeightName, conv.WeightShape);
            Add(conv.BiasName, [conv.OutChannels]);
        }
    }

    private void Add(string key, int[] shape)
    {
        var parameter = new Parameter(zeros([.. shape.Select(d => (long)d)]));
        _tensors[key] = parameter;
        // Module parameter names cannot hold dots.
        register_parameter(key.Replace('.', '_'), parameter);
    }

    public Tensor this[string key] => _tensors[key];

    public void Load(IReadOnlyDictionary<string, WeightTensor> tensors, string source)
    {
        MicroAstWeights.Verify(source, tensors, _convs);
        using var _ = no_grad();
        foreach (var (key, parameter) in _tensors)
        {
            using var values = tensor(tensors[key].Data, [.. tensors[key].Shape.Select(d => (long)d)]);
            parameter.copy_(values);
        }
    }

    /// <summary>The parameters as float32 tensors on the CPU, under the authors' names.</summary>
    public IReadOnlyList<WeightTensor> Weights() =>
        [.. _convs.SelectMany(c => new[] { c.WeightName, c.BiasName }).Select(key =>
        {
            using var cpu = _tensors[key].detach().to(ScalarType.Float32).cpu().contiguous();
            return new WeightTensor(key, [.. cpu.shape.Select(d => (int)d)], cpu.data<float>().ToArray());
        })];
}
