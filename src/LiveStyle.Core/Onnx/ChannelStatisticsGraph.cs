namespace LiveStyle.Core.Onnx;

/// <summary>
/// Per-channel statistics of NCHW features as graph nodes, the way AdaIN defines them (and
/// MicroAST after it): mean over H and W, and sqrt(unbiased variance + ε). Both networks' graphs
/// build their AdaIN from this one definition.
/// </summary>
public static class ChannelStatisticsGraph
{
    /// <param name="staticSpatialCount">H·W when the graph has a fixed size (folds the count to a constant); null reads it from the shape.</param>
    /// <returns>mean and std [N,C,1,1], and the features minus their mean.</returns>
    public static (string Mean, string Std, string Centered) MeanStd(GraphBuilder g, string features, float varianceEpsilon, float? staticSpatialCount = null)
    {
        var mean = g.ReduceMean(features, [2, 3], keepDims: true);
        var centered = g.Sub(features, mean);
        var sumOfSquares = g.ReduceSum(g.Mul(centered, centered), g.Int64s("spatial_axes", 2, 3), keepDims: true);
        var count = staticSpatialCount is { } n ? g.Scalar("spatial_count", n) : g.Cast(
            g.Node("ReduceProd", [g.Slice(g.Shape(features), g.Int64s("hw_start", 2), g.Int64s("hw_end", 4), g.Int64s("hw_axis", 0))],
                null, OnnxAttribute.Of("keepdims", 0L)),
            OnnxDataType.Float);
        var variance = g.Div(sumOfSquares, g.Sub(count, g.Scalar("one", 1f)));
        var std = g.Sqrt(g.Add(variance, g.Scalar("variance_eps", varianceEpsilon)));
        return (mean, std, centered);
    }
}
