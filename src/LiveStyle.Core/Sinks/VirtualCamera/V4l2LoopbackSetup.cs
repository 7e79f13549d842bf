namespace LiveStyle.Core.Sinks.VirtualCamera;

/// <summary>
/// Says how to get a v4l2loopback device when there is none, and why loading it may have failed:
/// the module not installed for the running kernel, or installed but refused because Secure Boot
/// wants signed modules. Reads only files (sysfs, /lib/modules, EFI variables); the roots are
/// parameters so tests can point them at a fake tree.
/// </summary>
public sealed class V4l2LoopbackSetup(string sysRoot = "/sys", string modulesRoot = "/lib/modules", string? kernelRelease = null)
{
    public const string Package = "v4l2loopback-dkms";
    public const string ModprobeLine = "sudo modprobe v4l2loopback exclusive_caps=1 card_label=\"LiveStyle\" video_nr=10";
    public const string ModprobeDFile = "/etc/modprobe.d/livestyle-v4l2loopback.conf";
    public const string ModprobeDLine = "options v4l2loopback exclusive_caps=1 card_label=\"LiveStyle\" video_nr=10";
    public const string ModulesLoadDFile = "/etc/modules-load.d/livestyle-v4l2loopback.conf";

    /// <summary>EFI global variable "SecureBoot": 4 attribute bytes, then 1 when Secure Boot is on.</summary>
    private const string SecureBootVariable = "firmware/efi/efivars/SecureBoot-8be4df61-93ca-11d2-aa0d-e0f76b2c8b8c";

    /// <summary>The steps, whatever the diagnosis: package, modprobe line (exclusive_caps=1 so Chrome sees a camera), keeping it.</summary>
    public static readonly string Steps =
        $"Install the module (package {Package}, e.g. sudo apt install {Package}) and create a device with:\n" +
        $"  {ModprobeLine}\n" +
        $"To have it after every reboot: echo '{ModprobeDLine}' | sudo tee {ModprobeDFile}\n" +
        $"  and echo v4l2loopback | sudo tee {ModulesLoadDFile}";

    public bool ModuleLoaded => Directory.Exists(Path.Combine(sysRoot, "module", "v4l2loopback"));

    /// <summary>Whether a v4l2loopback module file exists for the running kernel (as DKMS or a package installs it).</summary>
    public bool ModuleInstalled
    {
        get
        {
            try
            {
                var dir = Path.Combine(modulesRoot, kernelRelease ?? File.ReadAllText("/proc/sys/kernel/osrelease").Trim());
                return Directory.Exists(dir) && Directory.EnumerateFiles(dir, "v4l2loopback.ko*", SearchOption.AllDirectories).Any();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        }
    }

    /// <summary>True or false when the firmware says; null on a machine without EFI variables.</summary>
    public bool? SecureBootEnabled
    {
        get
        {
            var path = Path.Combine(sysRoot, SecureBootVariable);
            try
            {
                if (!File.Exists(path)) return null;
                var bytes = File.ReadAllBytes(path);
                return bytes.Length >= 5 ? bytes[4] == 1 : null;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }
        }
    }

    /// <summary>What to do, with what this machine shows about why there is no device.</summary>
    public string Diagnose()
    {
        if (ModuleLoaded)
            return "The v4l2loopback module is loaded but made no device this program can use. Reload it with devices:\n" +
                   $"  sudo modprobe -r v4l2loopback && {ModprobeLine}\n" + Steps;
        if (!ModuleInstalled)
            return "The v4l2loopback module is not installed for the running kernel. " + Steps +
                   "\n(DKMS builds it against the kernel headers: install linux-headers for your kernel too.)";
        var secureBoot = SecureBootEnabled == true
            ? "\nSecure Boot is on: if modprobe says \"Key was rejected by service\" or \"Operation not permitted\", the module " +
              "is unsigned. Enrol DKMS's signing key (sudo mokutil --import /var/lib/dkms/mok.pub, reboot, choose \"Enroll MOK\"), " +
              "or turn Secure Boot off, then run the modprobe line again."
            : "";
        return "The v4l2loopback module is installed but not loaded. " + Steps + secureBoot;
    }
}
