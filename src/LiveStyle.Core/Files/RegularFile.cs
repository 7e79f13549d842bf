namespace LiveStyle.Core.Files;

/// <summary>
/// Reads whole files that the user or a folder supplies, safely: only regular files (a pipe named
/// x.png would block the open forever, a link to /dev/zero would never end), and no more bytes
/// than a cap. A pipe, device or socket has no size, so anything without one is refused before
/// it is opened.
/// </summary>
public static class RegularFile
{
    /// <param name="role">names the file in errors ("style image")</param>
    /// <param name="maxBytes">the cap</param>
    /// <param name="howToAllowMore">ends the error for a file over the cap ("set X to allow more")</param>
    public static byte[] ReadAll(string path, string role, long maxBytes, string howToAllowMore)
    {
        var info = Inspect(path, role);
        var length = info.Length;
        if (length > maxBytes)
            throw new LiveStyleException($"{role} {path} is {length} bytes, more than the {maxBytes} allowed: {howToAllowMore}");
        try
        {
            using var stream = new FileStream(info.FullName, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
            if (!stream.CanSeek)
                throw new LiveStyleException($"{role} {path} is not a regular file (a pipe or a device): use a real file");
            // At most the size seen above: a file that grows meanwhile is read as it was.
            var bytes = new byte[length];
            var read = stream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false);
            return read == bytes.Length ? bytes : bytes[..read];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LiveStyleException($"cannot read {role} {path}: {e.Message}", e);
        }
    }

    /// <summary>
    /// The file behind <paramref name="path"/> (links followed), when it is a non-empty regular
    /// file; otherwise a <see cref="LiveStyleException"/> that says what it is. Opens nothing.
    /// </summary>
    public static FileInfo Inspect(string path, string role)
    {
        FileInfo info;
        try
        {
            info = new FileInfo(path);
            if (info.LinkTarget is not null)
                info = info.ResolveLinkTarget(returnFinalTarget: true) as FileInfo
                    ?? throw new LiveStyleException($"{role} {path} is a link to a folder, not a file");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LiveStyleException($"cannot read {role} {path}: {e.Message}", e);
        }
        if (System.IO.Directory.Exists(info.FullName))
            throw new LiveStyleException($"{role} {path} is a folder, not a file");
        if (!info.Exists)
            throw new LiveStyleException($"{role} not found: {path}");
        if (info.Length == 0)
            throw new LiveStyleException($"{role} {path} is empty (0 bytes) or not a regular file (a pipe or a device): use a real file");
        return info;
    }
}
