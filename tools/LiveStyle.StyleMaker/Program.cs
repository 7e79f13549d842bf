using LiveStyle.StyleMaker;

// Draws LiveStyle's shipped style images: procedural "paintings" of our own, so the project may
// distribute them freely. Usage: dotnet run --project tools/LiveStyle.StyleMaker -- [OUTPUT_DIR]
var output = args.Length > 0 ? args[0] : Path.Combine("models", "styles");
Directory.CreateDirectory(output);
foreach (var (name, seed, draw) in Paintings.All)
{
    using var image = draw(new Random(seed));
    var path = Path.Combine(output, name + ".png");
    OpenCvSharp.Cv2.ImWrite(path, image);
    Console.WriteLine($"wrote {path}");
}
