using LiveStyle.Fuzz;
using SharpFuzz;

// LiveStyle.Fuzz TARGET            run under afl-fuzz (tools/fuzz.sh sets it up)
// LiveStyle.Fuzz TARGET FILE|DIR…  run the target once per file, in process, and report what escapes
if (args.Length == 0 || !FuzzTargets.All.TryGetValue(args[0], out var target))
{
    Console.Error.WriteLine($"usage: LiveStyle.Fuzz {string.Join('|', FuzzTargets.All.Keys)} [FILE|DIR…]");
    return 2;
}
if (args.Length == 1)
{
    Fuzzer.OutOfProcess.Run(stream =>
    {
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        _ = target(memory.ToArray());
    });
    return 0;
}

var failures = 0;
var files = args.Skip(1).SelectMany(a => Directory.Exists(a) ? Directory.GetFiles(a).Order() : (IEnumerable<string>)[a]);
foreach (var file in files)
{
    try { Console.WriteLine($"{file}: {target(File.ReadAllBytes(file))}"); }
    catch (Exception e)
    {
        failures++;
        Console.WriteLine($"{file}: ESCAPED {e.GetType().Name}: {e.Message}");
    }
}
Console.WriteLine($"{failures} input(s) escaped the reader's clear errors");
return failures == 0 ? 0 : 1;
