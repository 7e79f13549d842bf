namespace LiveStyle.Core.Networks.MicroAst;

/// <summary>
/// Exact rewrites of the fast stylizer's graph (same function, different speed in ONNX Runtime).
/// <see cref="Default"/> is what the numbers in the README support; the others exist so the
/// benchmark can measure each choice (tools/LiveStyle.Bench --fast-variants).
/// </summary>
public sealed record MicroAstBuildOptions
{
    public static readonly MicroAstBuildOptions Default = new();
    /// <summary>The plain graph: every rewrite off.</summary>
    public static readonly MicroAstBuildOptions Plain = new() { FoldModulation = false, OutputSpaceToDepth = 0, InputSpaceToDepth = 0, RegroupConvs = false };

    /// <summary>
    /// The grouped convs in forms ONNX Runtime's blocked (NCHWc) kernels run: the decoder's (two
    /// inputs per group) as a depthwise conv followed by a 1×1 conv summing channel pairs, and with
    /// <see cref="RegroupStridedConvs"/> the encoder's (one input per group, stride 2) as dense convs
    /// with block-diagonal weights.
    /// </summary>
    public bool RegroupConvs { get; init; } = true;

    /// <summary>
    /// With <see cref="RegroupConvs"/>, the encoder's stride-2 grouped convs (one input, two outputs per
    /// group) too, as dense convs with block-diagonal weights: ONNX Runtime ran them grouped in plain NCHW
    /// (3.2 and 1.5 ms at 640×360), dense in its blocked layout; 3 % faster overall, measured interleaved.
    /// </summary>
    public bool RegroupStridedConvs { get; init; } = true;

    /// <summary>
    /// Block size (2 or 4; 0 = off) of the space-to-depth form of the last 9×9 conv (16→3): pad,
    /// SpaceToDepth, a small dense conv on the blocks, DepthToSpace. The plain form is the slowest
    /// layer (ONNX Runtime widens its 3 output channels to a SIMD block).
    /// </summary>
    public int OutputSpaceToDepth { get; init; } = 4;

    /// <summary>As <see cref="OutputSpaceToDepth"/> for the first 9×9 conv (3→16).</summary>
    public int InputSpaceToDepth { get; init; }

    /// <summary>
    /// The modulated blocks' w·conv(x) + b·x as one conv whose weights are computed in the graph
    /// from the signals: W' = w·W plus b on the centre tap of the diagonal, bias' = w·bias.
    /// </summary>
    public bool FoldModulation { get; init; }

    /// <summary>
    /// The stylizer without the layers above a quarter of the frame's size, which <see cref="Cpu.MicroAstCpuEnds"/>
    /// runs on the CPU: input "head" (the encoder stem's output, [1,64,H/4,W/4] for H, W multiples
    /// of 4), output "tail" (the level-0 modulated block's output, same shape). The space-to-depth
    /// options do not apply.
    /// </summary>
    public bool CpuEnds { get; init; }
}
