using System.Text.RegularExpressions;
using LiveStyle.Tests.Live;
using NUnit.Framework;
using OpenCvSharp;

namespace LiveStyle.Tests.Outputs;

/// <summary>`livestyle --headless --stream 0` serves the stylized view to a real HTTP client.</summary>
public class LiveStreamTests
{
    [Test]
    public async Task HeadlessStreamServesStylizedJpegs()
    {
        var styles = Path.Combine(TestEnvironment.RepositoryRoot, "models", "styles");
        using var app = AppProcess.Start(new Dictionary<string, string?> { ["DISPLAY"] = null },
            "--headless", "--source", "pattern", "--size", "64", "--style-size", "128", "--styles", styles, "--stream", "0", "--duration", "8");
        var line = app.WaitFor("streaming MJPEG at", TimeSpan.FromSeconds(60));
        var url = Regex.Match(line, @"http://127\.0\.0\.1:\d+/").Value;
        app.WaitFor("stylizing at", TimeSpan.FromSeconds(30));
        await Task.Delay(500);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var jpeg = await http.GetByteArrayAsync(url + "snapshot.jpg");
        using var image = Cv2.ImDecode(jpeg, ImreadModes.Color);
        Assert.That((image.Width, image.Height), Is.EqualTo((114, 64)), "the stylized frame at the inference size");

        using var response = await http.GetAsync(url + "stream", HttpCompletionOption.ResponseHeadersRead);
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("multipart/x-mixed-replace"));
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[256 * 1024];
        var total = 0;
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while (total < buffer.Length && CountOccurrences(buffer.AsSpan(0, total), "Content-Type: image/jpeg"u8) < 3)
        {
            var read = await body.ReadAsync(buffer.AsMemory(total), cancel.Token);
            if (read == 0) break;
            total += read;
        }
        Assert.That(CountOccurrences(buffer.AsSpan(0, total), "Content-Type: image/jpeg"u8), Is.GreaterThanOrEqualTo(3), "several frames arrive");
        Assert.That(app.WaitForExit(TimeSpan.FromSeconds(30)), Is.EqualTo(0), app.Log);
    }

    private static int CountOccurrences(ReadOnlySpan<byte> data, ReadOnlySpan<byte> pattern)
    {
        var count = 0;
        for (var i = data.IndexOf(pattern); i >= 0; i = data.Slice(i + 1).IndexOf(pattern) is var next and >= 0 ? i + 1 + next : -1) count++;
        return count;
    }
}
