using LiveStyle.Core.Threading;
using LiveStyle.Core.Frames;
using LiveStyle.Core.Pipeline;
using LiveStyle.Core.Styling;
using NUnit.Framework;

namespace LiveStyle.Tests.Live;

/// <summary>State the UI thread writes and the inference thread reads (issue 11, case 17).</summary>
public class SharedStateTests
{
    [Test]
    public void TheInferenceSizeIsNeverSeenHalfWritten()
    {
        using var input = new LatestMailbox<Frame>(() => new Frame());
        using var output = new LatestMailbox<StylizedFrame>(() => new StylizedFrame());
        var side = InferenceSize.Parse("256");
        var exact = InferenceSize.Parse("640x360");
        using var loop = new StylizeLoop(input, output, TestEnvironment.AdaIn, new StyleController(() => []), side);

        using var stop = new CancellationTokenSource();
        var writer = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                loop.Size = exact;
                loop.Size = side;
            }
        });
        writer.Start();
        var torn = 0;
        for (var i = 0; i < 5_000_000; i++)
        {
            var seen = loop.Size;
            if (seen != side && seen != exact) torn++;
        }
        stop.Cancel();
        writer.Join();
        Assert.That(torn, Is.Zero, "a 12-byte value written by one thread and read by another must be read whole");
    }
}
