using LiveStyle.ElfPatch;

// usage: LiveStyle.ElfPatch FILE VERSION PROVIDER_NAME
//   e.g. LiveStyle.ElfPatch bin/.../libLibTorchSharp.so GLIBCXX_3.4.32 libstdc++.so.6
// Marks FILE's requirement of VERSION weak unless the system's PROVIDER_NAME defines VERSION.
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: LiveStyle.ElfPatch FILE VERSION PROVIDER_LIBRARY_NAME");
    return 2;
}
try
{
    var provider = args[2].Contains('/') ? args[2] : SystemLibrary.Locate(args[2]);
    Console.WriteLine($"LiveStyle.ElfPatch: {WeakenCommand.Run(args[0], args[1], provider)}");
    return 0;
}
catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException)
{
    Console.Error.WriteLine($"LiveStyle.ElfPatch: error: {args[0]}: {e.Message}");
    return 1;
}
