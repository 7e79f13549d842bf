using LiveStyle.Core;
using LiveStyle.Core.Imaging;
using OpenCvSharp;

namespace LiveStyle.Train.Training;

/// <summary>
/// An endless stream of random crops from one folder, like pytorch-AdaIN's InfiniteSampler: each
/// epoch visits every image once in a fresh random order. Sample k's image and crop depend only
/// on (seed, k), so <see cref="Position"/> is all a checkpoint needs. Unreadable images are
/// reported once and skipped; a folder without any readable image is an error.
/// </summary>
public sealed class ImageSampler(IReadOnlyList<string> files, string role, int seed, int stream, int imageSize, int crop, Action<string> warn)
{
    private readonly HashSet<string> _unreadable = [];
    private int[]? _order;
    private long _orderEpoch = -1;

    /// <summary>How many samples have been drawn.</summary>
    public long Position { get; set; }

    /// <summary>The next crop as planar RGB in [0,1], crop × crop.</summary>
    public PlanarImage Next()
    {
        while (true)
        {
            var index = Position++;
            var path = files[FileAt(index)];
            if (_unreadable.Contains(path)) continue;
            try
            {
                return Crop(path, SeededRandom.For(seed, stream + 100, index));
            }
            catch (LiveStyleException e)
            {
                _unreadable.Add(path);
                warn($"skipping {role} image: {e.Message}");
                if (_unreadable.Count == files.Count)
                    throw new LiveStyleException($"none of the {files.Count} {role} images can be read");
            }
        }
    }

    private int FileAt(long index)
    {
        var epoch = index / files.Count;
        if (epoch != _orderEpoch)
        {
            _order = [.. Enumerable.Range(0, files.Count)];
            SeededRandom.For(seed, stream, epoch).Shuffle(_order);
            _orderEpoch = epoch;
        }
        return _order![(int)(index % files.Count)];
    }

    private PlanarImage Crop(string path, Random random)
    {
        using var image = ImageFile.ReadBgr(path, role + " image");
        using var scaled = ImageResize.ShorterSideTo(image, imageSize);
        var x = random.Next(0, scaled.Width - crop + 1);
        var y = random.Next(0, scaled.Height - crop + 1);
        using var window = new Mat(scaled, new Rect(x, y, crop, crop));
        return ImageConversion.ToPlanar(window);
    }
}
