using LiveStyle.Core.Imaging;
using LiveStyle.Core.Threading;

namespace LiveStyle.Core.Networks.MicroAst.Cpu;

/// <summary>
/// The fast stylizer's full-resolution ends for one frame size, run on the CPU around the ONNX
/// core (<see cref="MicroAstBuildOptions.CpuEnds"/>): <see cref="Head"/> before it, <see cref="Tail"/>
/// after it, both on a team of this object's own threads. Needs AVX2 + FMA (<see cref="CpuKernelChoice"/>);
/// elsewhere the whole network runs in ONNX Runtime.
/// </summary>
internal sealed class MicroAstCpuEnds : IDisposable
{
    private readonly WorkerTeam _team;

    public MicroAstCpuEnds(MicroAstEndWeights weights, int width, int height, int helpers)
    {
        if (!weights.Choice.HasKernels) throw new ArgumentException("the whole-graph path has no CPU kernels");
        _team = new WorkerTeam(helpers, "fast stylizer ends");
        Head = new MicroAstHead(weights, width, height);
        Tail = new MicroAstTail(weights, width, height, _team.Size);
    }

    /// <summary>A side rounded up to a multiple of 4, as the graph pads the frame (feature levels are at 1/4).</summary>
    public static int Padded(int side) => (side + MicroAstArchitecture.Downscale - 1) / MicroAstArchitecture.Downscale * MicroAstArchitecture.Downscale;

    public MicroAstHead Head { get; }
    public MicroAstTail Tail { get; }

    public void RunHead(PlanarImage content) => Head.Run(content.Data, _team);

    public void RunTail(PlanarImage output) => Tail.Run(output, _team);

    public void Dispose() => _team.Dispose();
}
