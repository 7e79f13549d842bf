namespace LiveStyle.Core.Files;

/// <summary>Checks that results can be written to a folder before any time is spent computing them.</summary>
public static class OutputFolder
{
    /// <summary>Creates the folder if needed and writes (then deletes) a small probe file in it.</summary>
    public static void RequireWritable(string folder)
    {
        var probe = Path.Combine(folder, $".livestyle-write-probe-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(folder);
            File.WriteAllBytes(probe, [0]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new LiveStyleException($"cannot write to {folder}: {e.Message} (choose another --out)", e);
        }
        finally
        {
            try { File.Delete(probe); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { /* never created */ }
        }
    }
}
