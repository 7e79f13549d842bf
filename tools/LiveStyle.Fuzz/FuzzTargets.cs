using System.Text;
using LiveStyle.Core;
using LiveStyle.Core.Sinks.Stream;
using LiveStyle.Core.Styling;
using LiveStyle.Core.Weights;
using LiveStyle.Core.Weights.PyTorch;

namespace LiveStyle.Fuzz;

/// <summary>
/// One function per reader of untrusted bytes. Each returns normally for any input the reader
/// handles as designed (a result, or the clear <see cref="LiveStyleException"/> it promises);
/// anything else escapes and is a finding.
/// </summary>
public static class FuzzTargets
{
    public static readonly IReadOnlyDictionary<string, Func<byte[], string>> All = new Dictionary<string, Func<byte[], string>>
    {
        ["safetensors"] = Safetensors,
        ["pytorch"] = PyTorch,
        ["http"] = HttpRequest,
        ["stylecache"] = StyleCache,
        ["imageheader"] = ImageHeaderSize,
        ["settings"] = Settings,
    };

    public static string Safetensors(byte[] data)
    {
        using var stream = new MemoryStream(data, writable: false);
        return ExpectingOnlyClearErrors(() => SafetensorsFile.Read(stream, "fuzz.safetensors"));
    }

    public static string PyTorch(byte[] data) =>
        ExpectingOnlyClearErrors(() => PyTorchCheckpoint.Read(data, "fuzz.pth"));

    /// <summary>As the stream server reads a head: found in arbitrary chunks, then parsed.</summary>
    public static string HttpRequest(byte[] data)
    {
        var buffer = new byte[Math.Min(data.Length, 8192)];
        Array.Copy(data, buffer, buffer.Length);
        var chunk = data.Length > 0 ? 1 + data[0] % 16 : 1;
        var end = -1;
        for (var filled = 0; filled < buffer.Length && end < 0;)
        {
            var from = Math.Max(0, filled - 3);
            filled = Math.Min(buffer.Length, filled + chunk);
            end = HttpRequestReader.FindHeadEnd(buffer.AsSpan(0, filled), from);
        }
        if (end < 0) return "no complete head";
        if (HttpRequestHead.TryParse(Encoding.Latin1.GetString(buffer, 0, end), out var head, out var error))
        {
            var host = AllowedHosts.AuthorityOf(head!.Target) ?? head.Headers.GetValueOrDefault("Host");
            var allowed = AllowedHosts.IsAllowed(host, 8080, System.Net.IPAddress.Loopback);
            return $"{head.Method} {head.Path} with {head.Headers.Count} header(s), host {(allowed ? "allowed" : "refused")}";
        }
        return error.Length > 0 ? $"refused: {error}" : throw new InvalidOperationException("a refused request head has no reason");
    }

    public static string StyleCache(byte[] data)
    {
        // AdaIN's signal length (2 × 512); the format and checks are the same for every network.
        var signals = StyleSignalsCache.Parse(data, 1024, out var problem);
        if (signals is not null) return "valid signals";
        return problem.Length > 0 ? $"refused: {problem}" : throw new InvalidOperationException("a refused cache file has no reason");
    }

    private static readonly string SettingsPath = Path.Combine(Path.GetTempPath(), $"livestyle-fuzz-settings-{Environment.ProcessId}", "settings.json");

    /// <summary>The live view's settings.json as it is read at start: any content gives settings (or the defaults), never an exception.</summary>
    public static string Settings(byte[] data)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(SettingsPath)!);
        File.WriteAllBytes(SettingsPath, data);
        var messages = new List<string>();
        var settings = new LiveStyle.App.Settings.SettingsFile(SettingsPath).Load(messages.Add);
        var options = settings.AsOptions().ToList();
        return messages.Count > 0 ? $"defaults: {messages[0]}" : $"{options.Count} option(s)";
    }

    /// <summary>The header probe that guards every image decode: any bytes give a size or null, never an exception.</summary>
    public static string ImageHeaderSize(byte[] data) =>
        LiveStyle.Core.Imaging.ImageHeader.TryReadSize(data) is { } size ? $"{size.Format} {size.Width}×{size.Height}" : "no size";

    private static string ExpectingOnlyClearErrors(Func<IReadOnlyDictionary<string, WeightTensor>> read)
    {
        try
        {
            var tensors = read();
            return $"read {tensors.Count} tensor(s): {string.Join(", ", tensors.Values.Select(t => t.Name + t.ShapeText))}";
        }
        catch (LiveStyleException e)
        {
            return $"refused: {e.Message}"; // the promised, clear error
        }
    }
}
