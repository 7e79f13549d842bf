using System.Diagnostics;
using LiveStyle.Core.Imaging;
using LiveStyle.Core.Inference;
using LiveStyle.Core.Networks.AdaIn;
using LiveStyle.Core.Styling;
using NUnit.Framework;
using OpenCvSharp;

namespace LiveStyle.Tests;

public class StylizerTests
{
    private static PlanarImage LoadContent(int width, int height)
    {
        using var bgr = Cv2.ImRead(Path.Combine(TestEnvironment.ContentImages, "golden_gate.jpg"));
        using var sized = ImageResize.Resize(bgr, width, height);
        return ImageConversion.ToPlanar(sized);
    }

    private static StyleStatistics Style()
    {
        using var bgr = Cv2.ImRead(Path.Combine(TestEnvironment.StyleImages, "composition_vii__kandinsky_1913.jpg"));
        using var sized = ImageResize.ShorterSideTo(bgr, 128);
        return TestEnvironment.StyleEncoder.Encode(ImageConversion.ToPlanar(sized));
    }

    private static float[] Run(PlanarImage content, StyleStatistics style, float alpha = 1f)
    {
        using var buffers = TestEnvironment.Stylizer.CreateBuffers(content.Width, content.Height);
        content.Data.CopyTo(buffers.Content.Data, 0);
        TestEnvironment.Stylizer.Run(buffers, style, alpha);
        return buffers.Output.Data.ToArray();
    }

    /// <summary>
    /// A 203×117 frame is reflect-padded inside the model to 208×120 and cropped back: the result
    /// must equal stylizing a frame padded the same way by hand and cropping it here.
    /// </summary>
    [Test]
    public void OddSizesArePaddedByReflectionAndCroppedBack()
    {
        var content = LoadContent(203, 117);
        var style = Style();
        var output = Run(content, style);
        Assert.That(output, Has.Length.EqualTo(3 * 203 * 117));

        using var bgr = ImageConversion.ToBgr(content);
        var padded = new PlanarImage(208, 120);
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < 120; y++)
            {
                for (var x = 0; x < 208; x++)
                {
                    var sy = y < 117 ? y : 2 * 116 - y;   // reflect without repeating the edge
                    var sx = x < 203 ? x : 2 * 202 - x;
                    padded.Data[c * 208 * 120 + y * 208 + x] = content.Data[c * 203 * 117 + sy * 203 + sx];
                }
            }
        }
        var paddedOutput = Run(padded, style);
        var cropped = new float[3 * 203 * 117];
        for (var c = 0; c < 3; c++)
            for (var y = 0; y < 117; y++)
                Array.Copy(paddedOutput, c * 208 * 120 + y * 208, cropped, c * 203 * 117 + y * 203, 203);

        TensorAssert.Close(output, cropped, 1e-5, "in-model padding vs padding by hand");
    }

    [Test]
    public void BuffersAreReusedAcrossFramesOfOneSize()
    {
        var content = LoadContent(64, 48);
        var style = Style();
        using var buffers = TestEnvironment.Stylizer.CreateBuffers(64, 48);
        content.Data.CopyTo(buffers.Content.Data, 0);
        TestEnvironment.Stylizer.Run(buffers, style, 1f);
        var first = buffers.Output.Data.ToArray();
        TestEnvironment.Stylizer.Run(buffers, style, 0.5f);
        Assert.That(TensorAssert.RelativeL2(buffers.Output.Data, first), Is.GreaterThan(1e-3), "alpha reaches the model through the reused buffer");
        TestEnvironment.Stylizer.Run(buffers, style, 1f);
        Assert.That(buffers.Output.Data, Is.EqualTo(first), "the same inputs give the same frame");
    }

    [Test]
    public void TooSmallFramesAreRefused() =>
        Assert.Throws<LiveStyle.Core.LiveStyleException>(() => TestEnvironment.Stylizer.CreateBuffers(8, 200));

    [Test]
    public void MixOfStylesIsTheWeightedMeanOfStatistics()
    {
        var a = new StyleStatistics(Enumerable.Repeat(1f, 512).ToArray(), Enumerable.Repeat(2f, 512).ToArray()).ToSignals();
        var b = new StyleStatistics(Enumerable.Repeat(3f, 512).ToArray(), Enumerable.Repeat(6f, 512).ToArray()).ToSignals();
        var mix = StyleSignals.Mix([a, b], [1f, 3f]);
        Assert.That(mix.Values[..512], Is.All.EqualTo(2.5f), "means");
        Assert.That(mix.Values[512..], Is.All.EqualTo(5f), "standard deviations");
    }
}

/// <summary>The real executable, as a user starts it.</summary>
public class ExecutableTests
{
    [Test]
    public void ExitCodesAndMessagesReachTheShell()
    {
        var app = Path.Combine(AppContext.BaseDirectory, "livestyle.dll");
        var start = new ProcessStartInfo("dotnet", [app, "stylize", "--content", "x.jpg", "--style", "y.jpg", "--out", "z.png", "--alpha", "7"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.That(process.ExitCode, Is.EqualTo(2));
        Assert.That(errors.Trim(), Is.EqualTo("livestyle: --alpha must be a number from 0 to 1, got '7'"));
    }
}
