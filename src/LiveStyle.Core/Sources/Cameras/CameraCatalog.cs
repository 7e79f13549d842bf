using LiveStyle.Core.Sinks.VirtualCamera;

namespace LiveStyle.Core.Sources.Cameras;

/// <summary>A video device node that was found, with its camera or why it could not be read.</summary>
public sealed record CameraListing(string Path, CameraInfo? Camera, string? Problem);

/// <summary>
/// The cameras of a Linux machine, by name: every /dev/videoN node that captures video, described
/// through V4L2 (<see cref="V4l2CameraProbe"/>). The device folder and the opener are parameters so
/// tests can stand in for the kernel.
/// </summary>
public sealed class CameraCatalog(string deviceRoot = "/dev", Func<string, IV4l2Device>? openDevice = null)
{
    private readonly Func<string, IV4l2Device> _openDevice = openDevice ?? V4l2Device.Open;

    /// <summary>Capture devices in the order of their numbers; nodes that do not capture video (metadata, outputs) are left out.</summary>
    public IReadOnlyList<CameraListing> List()
    {
        if (!OperatingSystem.IsLinux() && openDevice is null) return [];
        if (!Directory.Exists(deviceRoot)) return [];
        var listings = new List<CameraListing>();
        var nodes = Directory.EnumerateFileSystemEntries(deviceRoot, "video*")
            .Select(path => (Path: path, Number: int.TryParse(Path.GetFileName(path).AsSpan("video".Length), out var n) ? n : -1))
            .Where(node => node.Number >= 0)
            .OrderBy(node => node.Number);
        foreach (var (path, _) in nodes)
        {
            try
            {
                using var device = _openDevice(path);
                if (V4l2CameraProbe.Describe(device) is { } camera) listings.Add(new CameraListing(path, camera, null));
            }
            catch (V4l2Exception e)
            {
                listings.Add(new CameraListing(path, null, e.Errno == V4l2Exception.EACCES
                    ? "permission denied: add yourself to the 'video' group (sudo usermod -aG video $USER) and log in again"
                    : V4l2Exception.Describe(e.Errno)));
            }
        }
        return listings;
    }

    /// <summary>
    /// The camera whose name contains <paramref name="name"/> (case does not matter); an exact name wins
    /// over a part, a real camera over a virtual one, then the lowest device number.
    /// </summary>
    public CameraInfo FindByName(string name)
    {
        var cameras = List().Where(l => l.Camera is not null).Select(l => l.Camera!).ToList();
        var matches = cameras.Where(c => c.Name.Contains(name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (matches.Count == 0)
        {
            var known = cameras.Count == 0 ? "no cameras were found" : "the cameras are: " + string.Join(", ", cameras.Select(c => $"\"{c.Name}\" ({c.Path})"));
            throw new LiveStyleException($"no camera is named like \"{name}\": {known}. `livestyle devices` lists them.");
        }
        return matches
            .OrderBy(c => c.Name.Equals(name, StringComparison.OrdinalIgnoreCase) ? 0 : 1)
            .ThenBy(c => c.IsVirtual ? 1 : 0)
            .First();
    }
}
