using LiveStyle.Core;
using LiveStyle.Core.Imaging;
using LiveStyle.Core.Models;
using LiveStyle.Core.Networks.MicroAst;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace LiveStyle.Bench;

/// <summary>The fast network's benchmark inputs: a shared content photo at the size and a shipped style's signals.</summary>
public static class MicroAstBenchInputs
{
    public static float[] Content(int width, int height)
    {
        var photo = Path.Combine(LiveStyleHome.Root, "..", "shared", "images", "content", "golden_gate.jpg");
        if (!File.Exists(photo)) return Pattern(width, height);
        using var bgr = ImageFile.ReadBgr(photo, "content image");
        using var sized = ImageResize.Resize(bgr, width, height);
        return ImageConversion.ToPlanar(sized).Data;
    }

    public static float[] Signals(ModelStore store, string styleImage)
    {
        using var bgr = ImageFile.ReadBgr(styleImage, "style image");
        using var sized = ImageResize.ShorterSideTo(bgr, 256);
        var planar = ImageConversion.ToPlanar(sized);
        using var session = new InferenceSession(store.GetOrBuild(MicroAstModel.StyleEncoder));
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(ModelNames.Image, new DenseTensor<float>(planar.Data, [1, 3, planar.Height, planar.Width]))]);
        return results.Single().AsTensor<float>().ToArray();
    }

    /// <summary>A smooth deterministic picture when the shared photos are not beside the checkout.</summary>
    private static float[] Pattern(int width, int height)
    {
        var data = new float[3 * width * height];
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < height; y++)
                for (var x = 0; x < width; x++)
                    data[(c * height + y) * width + x] = 0.5f + 0.5f * MathF.Sin(0.05f * x * (c + 1) + 0.03f * y);
        return data;
    }

    public static int SignalLength => MicroAstSignals.Length;
}
