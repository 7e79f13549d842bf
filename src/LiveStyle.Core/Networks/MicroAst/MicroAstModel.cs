namespace LiveStyle.Core.Networks.MicroAst;

/// <summary>The ONNX models LiveStyle builds from the MicroAST weights (see <see cref="MicroAstModels"/>).</summary>
public enum MicroAstModel
{
    /// <summary>content [1,3,H,W], signals [1,512] → image [1,3,H,W] in [0,1] (see MicroAstSignals).</summary>
    Stylizer,
    /// <summary>image [1,3,H,W] → signals [1,512]: run once per style image (and on frames, for strength).</summary>
    StyleEncoder,
}
