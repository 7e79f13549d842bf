using System.Runtime.InteropServices;

namespace LiveStyle.Train;

/// <summary>
/// libtorch's OpenMP threads spin while they wait for each other. On a machine whose cores are
/// shared with other work that spinning steals the cores the other threads need: measured here
/// with 2 threads under load, an iteration went from 0.2 s to 1–7 s. OMP_WAIT_POLICY=passive
/// makes them sleep instead (0.2 s under the same load). libgomp reads it once, when libtorch is
/// loaded, from the native environment (which Environment.SetEnvironmentVariable does not
/// change on Unix), so this sets it with libc's setenv before the first use of torch, and
/// leaves any value the user set alone.
/// </summary>
public static partial class OpenMpWaitPolicy
{
    public static void PreferPassive()
    {
        if (!OperatingSystem.IsLinux()) return;
        _ = SetEnvironment("OMP_WAIT_POLICY", "passive", overwrite: 0);
    }

    [LibraryImport("libc.so.6", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SetEnvironment(string name, string value, int overwrite);
}
